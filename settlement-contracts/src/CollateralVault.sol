// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ISignatureTransfer} from "permit2/src/interfaces/ISignatureTransfer.sol";
import {
    FillInstruction,
    GaslessCrossChainOrder,
    IOriginSettler,
    OnchainCrossChainOrder,
    Output,
    ResolvedCrossChainOrder
} from "./interfaces/IERC7683.sol";
import {ICollateralVault} from "./interfaces/ICollateralVault.sol";
import {IMessageReceiver} from "./interfaces/IMessageReceiver.sol";
import {IMessenger} from "./interfaces/IMessenger.sol";
import {ISolverRegistry} from "./interfaces/ISolverRegistry.sol";
import {MarginOrder} from "./base/MarginOrderTypes.sol";
import {MarginOrderLib} from "./lib/MarginOrderLib.sol";
import {Messages} from "./lib/Messages.sol";

/// @title CollateralVault
/// @notice The origin settler (ERC-7683). See ICollateralVault.
contract CollateralVault is ICollateralVault, IOriginSettler, IMessageReceiver, Ownable2Step {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    ISignatureTransfer public immutable PERMIT2;
    ISolverRegistry public immutable REGISTRY;
    /// @notice Bond slashed from a solver that opened an order and let it expire unfilled.
    uint256 public immutable SLASH_AMOUNT;

    mapping(uint256 chainId => address engine) public peers;
    mapping(bytes32 routeId => uint8 index) public routeIndexOf;
    Route[] internal _routes;
    mapping(bytes32 orderId => Escrow) internal _escrows;
    /// @dev Payloads already applied, so a copy over the fallback route is a no-op.
    mapping(bytes32 payloadHash => bool) public consumed;

    constructor(address owner_, ISignatureTransfer permit2, ISolverRegistry registry, uint256 slashAmount)
        Ownable(owner_)
    {
        PERMIT2 = permit2;
        REGISTRY = registry;
        SLASH_AMOUNT = slashAmount;
        // Index 0 means "no route", so a route's index is its position + 1.
        _routes.push(Route(IMessenger(address(0)), IMessenger(address(0))));
    }

    /// @notice Pays messaging fees for `Locked` (ERC-7683's `openFor` cannot take value).
    receive() external payable {}

    // ---------------------------------------------------------------- configuration

    /// @inheritdoc ICollateralVault
    function setPeer(uint256 chainId, address engine) external onlyOwner {
        peers[chainId] = engine;
        emit PeerSet(chainId, engine);
    }

    /// @inheritdoc ICollateralVault
    function setRoute(bytes32 routeId, IMessenger primary, IMessenger fallbackMessenger) external onlyOwner {
        uint8 index = routeIndexOf[routeId];
        if (index == 0) {
            if (_routes.length > type(uint8).max) revert TooManyRoutes();
            index = uint8(_routes.length);
            _routes.push();
            routeIndexOf[routeId] = index;
        }
        _routes[index] = Route(primary, fallbackMessenger);
        emit RouteSet(routeId, address(primary), address(fallbackMessenger));
    }

    // ---------------------------------------------------------------- ERC-7683 origin settler

    /// @inheritdoc IOriginSettler
    /// @dev `originFillerData` is unused. The caller becomes the order's opener: it must be a bonded
    /// solver, because letting the order expire unfilled is slashed.
    function openFor(GaslessCrossChainOrder calldata order, bytes calldata signature, bytes calldata)
        external
    {
        MarginOrder memory data = _validate(order);
        if (!REGISTRY.isActive(msg.sender)) revert SolverNotBonded(msg.sender);
        bytes32 orderId = MarginOrderLib.orderId(order, data);
        if (_escrows[orderId].status != Status.None) revert AlreadyOpened(orderId);
        if (data.collateralAmount > type(uint96).max) revert AmountTooLarge(data.collateralAmount);
        uint8 routeIndex = routeIndexOf[keccak256(bytes(data.route))];

        _escrows[orderId] = Escrow({
            trader: order.user,
            status: Status.Open,
            routeIndex: routeIndex,
            maxFeeBps: data.fee.maxBps,
            fillDeadline: order.fillDeadline,
            destinationChainId: uint32(data.destinationChainId),
            token: data.collateralToken,
            opener: msg.sender,
            amount: uint96(data.collateralAmount),
            paidOut: 0
        });
        // Permit2 checks the signature over every term (the orderId is the witness), the deadline and
        // the nonce, then moves the collateral here.
        PERMIT2.permitWitnessTransferFrom(
            ISignatureTransfer.PermitTransferFrom({
                permitted: ISignatureTransfer.TokenPermissions({token: data.collateralToken, amount: data.collateralAmount}),
                nonce: order.nonce,
                deadline: order.openDeadline
            }),
            ISignatureTransfer.SignatureTransferDetails({to: address(this), requestedAmount: data.collateralAmount}),
            order.user,
            orderId,
            MarginOrderLib.PERMIT2_WITNESS_TYPE_STRING,
            signature
        );
        emit Open(orderId, _resolve(order, data, orderId));
        _send(
            _routes[routeIndex].primary,
            data.destinationChainId,
            Messages.locked(orderId, order.user, data.collateralToken, data.collateralAmount, msg.sender),
            address(this).balance
        );
    }

    /// @inheritdoc IOriginSettler
    function open(OnchainCrossChainOrder calldata) external pure {
        revert OnchainOrdersUnsupported();
    }

    /// @inheritdoc IOriginSettler
    function resolveFor(GaslessCrossChainOrder calldata order, bytes calldata)
        external
        view
        returns (ResolvedCrossChainOrder memory)
    {
        MarginOrder memory data = _validate(order);
        return _resolve(order, data, MarginOrderLib.orderId(order, data));
    }

    /// @inheritdoc IOriginSettler
    function resolve(OnchainCrossChainOrder calldata) external pure returns (ResolvedCrossChainOrder memory) {
        revert OnchainOrdersUnsupported();
    }

    /// @inheritdoc ICollateralVault
    function resendLocked(bytes32 orderId) external payable {
        Escrow storage escrow = _escrows[orderId];
        if (escrow.status == Status.None) revert NotReady(orderId, Status.None, Messages.LOCKED);
        _send(
            _routes[escrow.routeIndex].fallbackMessenger,
            escrow.destinationChainId,
            Messages.locked(orderId, escrow.trader, escrow.token, escrow.amount, escrow.opener),
            msg.value
        );
    }

    // ---------------------------------------------------------------- messages from the engine

    /// @inheritdoc IMessageReceiver
    function receiveMessage(uint256 originChainId, address sender, uint64, bytes calldata payload) external {
        if (sender == address(0) || peers[originChainId] != sender) revert UntrustedPeer(originChainId, sender);
        (uint8 kind, bytes32 orderId) = Messages.header(payload);
        Escrow storage escrow = _escrows[orderId];
        Route storage route = _routes[escrow.routeIndex];
        // Only the route the trader chose (or its fallback) may move this trader's collateral.
        if (escrow.routeIndex == 0 || (msg.sender != address(route.primary) && msg.sender != address(route.fallbackMessenger))) {
            revert UntrustedMessenger(orderId, msg.sender);
        }
        // Only the engine the order was opened for speaks for it, not another trusted engine.
        if (originChainId != escrow.destinationChainId) revert UntrustedPeer(originChainId, sender);
        bytes32 payloadHash = keccak256(payload);
        if (consumed[payloadHash]) {
            emit DuplicateIgnored(orderId, kind, payloadHash);
            return;
        }
        consumed[payloadHash] = true;
        if (kind == Messages.FILLED) _onFilled(orderId, escrow, payload);
        else if (kind == Messages.EXPIRED) _onExpired(orderId, escrow);
        else if (kind == Messages.RELEASE || kind == Messages.SEIZE) _onPayout(kind, orderId, escrow, payload);
        else revert Messages.UnknownKind(kind);
    }

    function _onFilled(bytes32 orderId, Escrow storage escrow, bytes calldata payload) internal {
        if (escrow.status != Status.Open) revert NotReady(orderId, escrow.status, Messages.FILLED);
        (, address filler, uint16 feeBps) = abi.decode(payload[1:], (bytes32, address, uint16));
        if (feeBps > escrow.maxFeeBps) revert FeeAboveSigned(feeBps, escrow.maxFeeBps);
        escrow.status = Status.Filled;
        uint256 fee = (escrow.amount * feeBps) / MarginOrderLib.BPS;
        if (fee != 0) {
            escrow.paidOut = fee.toUint96();
            IERC20(escrow.token).safeTransfer(filler, fee);
        }
        emit FeePaid(orderId, filler, feeBps, fee);
    }

    function _onExpired(bytes32 orderId, Escrow storage escrow) internal {
        if (escrow.status != Status.Open) revert NotReady(orderId, escrow.status, Messages.EXPIRED);
        escrow.status = Status.Refunded;
        uint256 refund = escrow.amount;
        escrow.paidOut = escrow.amount;
        IERC20(escrow.token).safeTransfer(escrow.trader, refund);
        // The opener took the trader's collateral and never filled: a fault the chain can prove.
        uint256 slashed = REGISTRY.slash(escrow.opener, SLASH_AMOUNT, escrow.trader, orderId);
        emit Refunded(orderId, escrow.trader, refund, escrow.opener, slashed);
    }

    function _onPayout(uint8 kind, bytes32 orderId, Escrow storage escrow, bytes calldata payload) internal {
        // Before `Filled` is applied the fee is unknown, so payouts wait (the relayer retries them).
        if (escrow.status != Status.Filled) revert NotReady(orderId, escrow.status, kind);
        (, uint64 sequence, uint256 amount, address to) = abi.decode(payload[1:], (bytes32, uint64, uint256, address));
        uint256 held = escrow.amount - escrow.paidOut;
        if (amount > held) revert InsufficientEscrow(orderId, held, amount);
        escrow.paidOut += amount.toUint96();
        IERC20(escrow.token).safeTransfer(to, amount);
        if (kind == Messages.RELEASE) emit Released(orderId, sequence, to, amount);
        else emit Seized(orderId, sequence, to, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICollateralVault
    function escrowOf(bytes32 orderId) external view returns (Escrow memory) {
        return _escrows[orderId];
    }

    /// @inheritdoc ICollateralVault
    function routeIdOf(string calldata name) external pure returns (bytes32) {
        return keccak256(bytes(name));
    }

    /// @notice The routes, index 1 onwards (index 0 is the empty "no route").
    function routeAt(uint8 index) external view returns (Route memory) {
        return _routes[index];
    }

    // ---------------------------------------------------------------- internal

    /// @dev Every check that does not need state written by this call; shared by openFor and resolveFor.
    function _validate(GaslessCrossChainOrder calldata order) internal view returns (MarginOrder memory data) {
        if (order.originSettler != address(this)) revert WrongSettler(address(this), order.originSettler);
        if (order.originChainId != block.chainid) revert WrongChain(block.chainid, order.originChainId);
        if (order.orderDataType != MarginOrderLib.MARGIN_ORDER_TYPEHASH) revert WrongOrderDataType(order.orderDataType);
        if (block.timestamp > order.openDeadline) revert OpenDeadlinePassed(order.openDeadline, block.timestamp);
        if (order.openDeadline > order.fillDeadline) revert DeadlineOrder(order.openDeadline, order.fillDeadline);
        data = MarginOrderLib.decode(order.orderData);
        if (data.destinationChainId > type(uint32).max) revert ChainIdTooLarge(data.destinationChainId);
        if (!MarginOrderLib.isValidSchedule(data.fee, order.fillDeadline)) {
            revert BadFeeSchedule(data.fee.startBps, data.fee.maxBps, data.fee.startTime, data.fee.endTime);
        }
        bytes32 routeId = keccak256(bytes(data.route));
        if (routeIndexOf[routeId] == 0) revert UnknownRoute(routeId);
        address engine = peers[data.destinationChainId];
        if (engine == address(0) || engine != data.destinationSettler) {
            revert UnknownEngine(data.destinationChainId, data.destinationSettler);
        }
    }

    /// @dev What a generic ERC-7683 filler needs: the trader's collateral is what the filler can earn
    /// from (its fee, at most `maxBps` of it), and filling happens on the engine with the order itself.
    function _resolve(GaslessCrossChainOrder calldata order, MarginOrder memory data, bytes32 orderId)
        internal
        pure
        returns (ResolvedCrossChainOrder memory resolved)
    {
        resolved.user = order.user;
        resolved.originChainId = order.originChainId;
        resolved.openDeadline = order.openDeadline;
        resolved.fillDeadline = order.fillDeadline;
        resolved.orderId = orderId;
        resolved.maxSpent = new Output[](0);
        resolved.minReceived = new Output[](1);
        resolved.minReceived[0] = Output({
            token: bytes32(uint256(uint160(data.collateralToken))),
            amount: (data.collateralAmount * data.fee.maxBps) / MarginOrderLib.BPS,
            recipient: bytes32(0),
            chainId: order.originChainId
        });
        resolved.fillInstructions = new FillInstruction[](1);
        resolved.fillInstructions[0] = FillInstruction({
            destinationChainId: uint64(data.destinationChainId),
            destinationSettler: bytes32(uint256(uint160(data.destinationSettler))),
            originData: abi.encode(order)
        });
    }

    function _send(IMessenger messenger, uint256 destinationChainId, bytes memory payload, uint256 budget) internal {
        // No separate quote: the adapter charges its fee out of `budget`, refunds the rest to this
        // contract and reverts InsufficientFee when short (a quote first would cost ~25k gas more).
        messenger.sendMessage{value: budget}(destinationChainId, peers[destinationChainId], payload);
    }
}
