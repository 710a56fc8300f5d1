// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ISignatureTransfer} from "permit2/src/interfaces/ISignatureTransfer.sol";
import {
    FillInstruction,
    GaslessCrossChainOrder,
    IOriginSettler,
    OnchainCrossChainOrder,
    Output,
    ResolvedCrossChainOrder
} from "../interfaces/IERC7683.sol";
import {IMessageReceiver} from "../interfaces/IMessageReceiver.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {ISolverRegistry} from "../interfaces/ISolverRegistry.sol";
import {MessageRoutes} from "./base/MessageRoutes.sol";
import {DepositOrder, SolverBid} from "./base/DepositOrderTypes.sol";
import {IAccountVault} from "./interfaces/IAccountVault.sol";
import {AccountMessages, Deposit, DepositTerms, DepositTrade} from "./lib/AccountMessages.sol";
import {DepositOrderLib} from "./lib/DepositOrderLib.sol";
import {OverchargeProof} from "./lib/OverchargeProof.sol";
import {SignatureRule} from "./lib/SignatureRule.sol";

/// @title AccountVault
/// @notice The origin settler of protocol v2 (ERC-7683). See IAccountVault.
contract AccountVault is IAccountVault, MessageRoutes, IOriginSettler, IMessageReceiver {
    using SafeERC20 for IERC20;

    uint256 internal constant BPS = DepositOrderLib.BPS;

    /// @inheritdoc IAccountVault
    ISignatureTransfer public immutable PERMIT2;
    /// @inheritdoc IAccountVault
    ISolverRegistry public immutable REGISTRY;
    /// @inheritdoc IAccountVault
    uint256 public immutable SLASH_AMOUNT;

    mapping(bytes32 orderId => Order) internal _orders;
    mapping(uint256 engineChainId => mapping(address account => mapping(address token => uint256))) internal _held;
    /// @dev keccak256(engineChainId, withdrawalId, account, token, amount, to, maxFastFeeBps) → who fronted it.
    mapping(bytes32 frontKey => Front) internal _fronts;
    /// @dev keccak256(engineChainId, id) of every RELEASE and SEIZE applied: ids are the engine's.
    mapping(bytes32 key => bool) internal _applied;
    /// @inheritdoc IAccountVault
    mapping(bytes32 routeId => bool) public engineRoutes;
    /// @inheritdoc IAccountVault
    mapping(uint256 engineChainId => mapping(address token => bool)) public acceptsCollateral;
    /// @inheritdoc IAccountVault
    mapping(address recipient => mapping(address token => uint256)) public owed;

    constructor(address owner_, ISignatureTransfer permit2, ISolverRegistry registry, uint256 slashAmount)
        Ownable(owner_)
    {
        PERMIT2 = permit2;
        REGISTRY = registry;
        SLASH_AMOUNT = slashAmount;
    }

    /// @inheritdoc IAccountVault
    function setCollateral(uint256 engineChainId, address token, bool accepted) external onlyOwner {
        acceptsCollateral[engineChainId][token] = accepted;
        emit CollateralSet(engineChainId, token, accepted);
    }

    /// @inheritdoc IAccountVault
    function setEngineRoute(string calldata name, bool trusted) external onlyOwner {
        bytes32 routeId = keccak256(bytes(name));
        engineRoutes[routeId] = trusted;
        emit EngineRouteSet(routeId, trusted);
    }

    // ---------------------------------------------------------------- ERC-7683 origin settler

    /// @inheritdoc IOriginSettler
    /// @dev `originFillerData` is `abi.encode(uint16 feeBps)`, the fee the caller (the opener, a bonded
    /// solver) charges. Takes no value: the vault pays `DEPOSITED` from its own balance.
    function openFor(GaslessCrossChainOrder calldata order, bytes calldata signature, bytes calldata originFillerData)
        external
    {
        DepositOrder memory data = _validate(order);
        uint16 feeBps = _feeBps(data, originFillerData);
        if (!REGISTRY.isActive(msg.sender)) revert SolverNotBonded(msg.sender);
        bytes32 orderId = DepositOrderLib.orderId(order, data);
        if (_orders[orderId].status != Status.None) revert AlreadyOpened(orderId);

        // Permit2 alone takes high-s and 64-byte signatures that the engine refuses, so an EOA's
        // signature must have the one rule's form (audit attack 1); Permit2 then recovers the trader
        // from the digest the engine checks (`DepositOrderLib.permit2Digest`), which completes the
        // rule without a second recovery here. A trader with code is checked by Permit2 through
        // ERC-1271, which only this chain can do: its trade is never fronted.
        bool frontable;
        if (order.user.code.length == 0) {
            SignatureRule.checkEcdsaForm(signature);
            frontable = data.trade.sizeDelta != 0;
        }
        uint256 fee = (data.amount * feeBps) / BPS;
        _orders[orderId] = Order({
            opener: msg.sender,
            openedAt: uint32(block.timestamp),
            feeBps: feeBps,
            status: frontable ? Status.AwaitingFill : Status.Settled,
            frontable: frontable,
            overchargeProven: false,
            termsHash: AccountMessages.termsHash(
                DepositTerms(order.user, data.account, data.token, data.amount, data.destinationChainId)
            )
        });
        _held[data.destinationChainId][data.account][data.token] += data.amount - fee;

        PERMIT2.permitWitnessTransferFrom(
            ISignatureTransfer.PermitTransferFrom({
                permitted: ISignatureTransfer.TokenPermissions({token: data.token, amount: data.amount}),
                nonce: order.nonce,
                deadline: order.openDeadline
            }),
            ISignatureTransfer.SignatureTransferDetails({to: address(this), requestedAmount: data.amount}),
            order.user,
            orderId,
            DepositOrderLib.PERMIT2_WITNESS_TYPE_STRING,
            signature
        );
        // A frontable order's fee waits in escrow for FILLED; its opener's slash is reserved until then
        // (the open reverts when the free bond is short: audit attack 4).
        if (frontable) REGISTRY.reserve(msg.sender, SLASH_AMOUNT, orderId);
        else _pay(data.token, msg.sender, fee, orderId);

        emit Open(orderId, _resolve(order, data, orderId));
        emit Deposited(orderId, msg.sender, feeBps, frontable);
        _budget = address(this).balance;
        // Not recorded for `resend`: `resendDeposit` rebuilds it from the order and this record.
        _sendRebuildable(
            keccak256(bytes(data.route)),
            data.destinationChainId,
            _depositedPayload(order, data, orderId, msg.sender, fee, frontable)
        );
    }

    /// @inheritdoc IAccountVault
    function resendDeposit(GaslessCrossChainOrder calldata order) external payable paidByCaller {
        DepositOrder memory data = DepositOrderLib.decode(order.orderData);
        bytes32 orderId = DepositOrderLib.orderId(order, data);
        Order storage o = _orders[orderId];
        if (o.status == Status.None) revert OrderNotOpened(orderId);
        bytes32 routeId = keccak256(bytes(data.route));
        IMessenger messenger = routes[routeId].fallbackMessenger;
        if (address(messenger) == address(0)) revert UnknownRoute(routeId);
        bytes memory payload =
            _depositedPayload(order, data, orderId, o.opener, (data.amount * o.feeBps) / BPS, o.frontable);
        _dispatch(messenger, data.destinationChainId, payload);
        emit Resent(keccak256(payload), routeId, address(messenger));
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
        DepositOrder memory data = _validate(order);
        return _resolve(order, data, DepositOrderLib.orderId(order, data));
    }

    /// @inheritdoc IOriginSettler
    function resolve(OnchainCrossChainOrder calldata) external pure returns (ResolvedCrossChainOrder memory) {
        revert OnchainOrdersUnsupported();
    }

    // ---------------------------------------------------------------- messages from the engines

    /// @inheritdoc IMessageReceiver
    /// @dev Any engine route (`setEngineRoute`) may carry an engine's message (the route the trader
    /// signed binds the deposit's delivery on the engine); each kind is idempotent by its own id, so a copy
    /// over another engine route is a no-op. A message whose prerequisite is missing reverts and consumes
    /// nothing.
    function receiveMessage(uint256 originChainId, address sender, uint64, bytes calldata payload) external {
        (bytes32 routeId, bool duplicate) = _accept(originChainId, sender, bytes32(0), payload);
        // Only the routes the engines send over may speak for them: a route trusted to carry deposits
        // out (some other trader's choice) must not release, seize, refund or slash anyone's (the
        // revert undoes `_accept`'s consumption).
        if (!engineRoutes[routeId]) revert NotAnEngineRoute(routeId);
        if (duplicate) return;
        uint8 kind = AccountMessages.kindOf(payload);
        bool applied;
        if (kind == AccountMessages.FILLED) applied = _onFilled(originChainId, payload);
        else if (kind == AccountMessages.EXPIRED) applied = _onExpired(originChainId, payload);
        else if (kind == AccountMessages.RELEASE) applied = _onRelease(originChainId, payload);
        else if (kind == AccountMessages.SEIZE) applied = _onSeize(originChainId, payload);
        else revert AccountMessages.UnknownKind(kind);
        if (!applied) emit DuplicateIgnored(routeId, keccak256(payload));
    }

    function _onFilled(uint256 engineChainId, bytes calldata payload) internal returns (bool) {
        (bytes32 orderId, address filler, DepositTerms memory terms) = AccountMessages.decodeFilled(payload);
        Order storage o = _orderFrom(orderId, engineChainId, terms);
        if (o.status == Status.Settled && o.frontable) return false;
        if (o.status != Status.AwaitingFill) revert OrderNotAwaitingFill(orderId, o.status);
        o.status = Status.Settled;
        REGISTRY.release(o.opener, SLASH_AMOUNT, orderId);
        _pay(terms.token, filler, (terms.amount * o.feeBps) / BPS, orderId);
        return true;
    }

    function _onExpired(uint256 engineChainId, bytes calldata payload) internal returns (bool) {
        (bytes32 orderId, DepositTerms memory terms) = AccountMessages.decodeExpired(payload);
        Order storage o = _orderFrom(orderId, engineChainId, terms);
        if (o.status == Status.Refunded) return false;
        if (o.status != Status.AwaitingFill) revert OrderNotAwaitingFill(orderId, o.status);
        o.status = Status.Refunded;
        _debit(engineChainId, terms.account, terms.token, terms.amount - (terms.amount * o.feeBps) / BPS);
        _payOut(terms.token, terms.user, terms.amount);
        // The opener took the trader's deposit and never fronted its trade: a fault the engine proved.
        uint256 slashed = REGISTRY.slashReserved(o.opener, SLASH_AMOUNT, orderId, terms.user);
        emit Refunded(orderId, terms.user, terms.amount, o.opener, slashed);
        return true;
    }

    function _onRelease(uint256 engineChainId, bytes calldata payload) internal returns (bool) {
        (bytes32 withdrawalId, address account, address token, uint256 amount, address to, uint16 maxFastFeeBps) =
            AccountMessages.decodeRelease(payload);
        if (!_markApplied(engineChainId, withdrawalId)) return false;
        _debit(engineChainId, account, token, amount);
        // A front names the trader's maximum and kept at most that (frontWithdrawal), so it already paid
        // `to` all it is owed: it is repaid in full.
        address fronter =
            _fronts[_frontKey(withdrawalId, engineChainId, account, token, amount, to, maxFastFeeBps)].solver;
        _payOut(token, fronter == address(0) ? to : fronter, amount);
        emit Released(withdrawalId, engineChainId, to, amount, fronter);
        return true;
    }

    function _onSeize(uint256 engineChainId, bytes calldata payload) internal returns (bool) {
        (bytes32 seizeId, address account, address token, uint256 amount, address to) =
            AccountMessages.decodeSeize(payload);
        // Seize ids live beside withdrawal ids; the kind keeps the two apart.
        if (!_markApplied(engineChainId, keccak256(abi.encode(AccountMessages.SEIZE, seizeId)))) return false;
        _debit(engineChainId, account, token, amount);
        _payOut(token, to, amount);
        emit Seized(seizeId, engineChainId, to, amount);
        return true;
    }

    // ---------------------------------------------------------------- fast withdrawals, overcharges

    /// @inheritdoc IAccountVault
    function frontWithdrawal(
        bytes32 withdrawalId,
        uint256 engineChainId,
        address account,
        address token,
        uint256 amount,
        address to,
        uint16 maxFastFeeBps,
        uint16 feeBps
    ) external {
        if (_applied[_appliedKey(engineChainId, withdrawalId)]) revert AlreadyReleased(withdrawalId);
        if (amount == 0) revert ZeroAmount();
        if (feeBps > BPS) revert FeeBpsTooHigh(feeBps);
        // The fee is the trader's to allow: a front that keeps more never matches (it would take the
        // trader's whole maximum for paying less, down to nothing at 100%).
        if (feeBps > maxFastFeeBps) revert FastFeeAboveMaximum(feeBps, maxFastFeeBps);
        Front storage front = _fronts[_frontKey(withdrawalId, engineChainId, account, token, amount, to, maxFastFeeBps)];
        if (front.solver != address(0)) revert AlreadyFronted(withdrawalId, front.solver);
        front.solver = msg.sender;
        front.feeBps = feeBps;
        uint256 paid = amount - (amount * feeBps) / BPS;
        IERC20(token).safeTransferFrom(msg.sender, to, paid);
        emit WithdrawalFronted(withdrawalId, engineChainId, msg.sender, to, paid);
    }

    /// @inheritdoc IAccountVault
    function proveOvercharge(SolverBid calldata bid, bytes calldata signature, DepositTerms calldata terms) external {
        OverchargeProof.prove(_orders[bid.orderId], REGISTRY, SLASH_AMOUNT, bid, signature, terms);
    }

    /// @inheritdoc IAccountVault
    function claimOwed(address token, address to) external {
        uint256 amount = owed[msg.sender][token];
        if (amount == 0) revert NothingOwed(msg.sender, token);
        owed[msg.sender][token] = 0;
        IERC20(token).safeTransfer(to, amount);
        emit OwedClaimed(msg.sender, token, to, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IAccountVault
    function orderOf(bytes32 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @inheritdoc IAccountVault
    function heldOf(uint256 engineChainId, address account, address token) external view returns (uint256) {
        return _held[engineChainId][account][token];
    }

    /// @inheritdoc IAccountVault
    function frontOf(
        bytes32 withdrawalId,
        uint256 engineChainId,
        address account,
        address token,
        uint256 amount,
        address to,
        uint16 maxFastFeeBps
    ) external view returns (Front memory) {
        return _fronts[_frontKey(withdrawalId, engineChainId, account, token, amount, to, maxFastFeeBps)];
    }

    /// @inheritdoc IAccountVault
    function released(uint256 engineChainId, bytes32 withdrawalId) external view returns (bool) {
        return _applied[_appliedKey(engineChainId, withdrawalId)];
    }

    /// @inheritdoc IAccountVault
    function seized(uint256 engineChainId, bytes32 seizeId) external view returns (bool) {
        return _applied[_appliedKey(engineChainId, keccak256(abi.encode(AccountMessages.SEIZE, seizeId)))];
    }

    // ---------------------------------------------------------------- internal

    /// @dev Every check that needs no state this call writes; shared by openFor and resolveFor.
    function _validate(GaslessCrossChainOrder calldata order) internal view returns (DepositOrder memory data) {
        if (order.originSettler != address(this)) revert WrongSettler(address(this), order.originSettler);
        if (order.originChainId != block.chainid) revert WrongChain(block.chainid, order.originChainId);
        if (order.orderDataType != DepositOrderLib.DEPOSIT_ORDER_TYPEHASH) {
            revert WrongOrderDataType(order.orderDataType);
        }
        if (block.timestamp > order.openDeadline) revert OpenDeadlinePassed(order.openDeadline, block.timestamp);
        if (order.openDeadline > order.fillDeadline) revert DeadlineOrder(order.openDeadline, order.fillDeadline);
        data = DepositOrderLib.decode(order.orderData);
        if (data.amount == 0 || data.amount > type(uint96).max) revert AmountOutOfRange(data.amount);
        if (data.destinationChainId > type(uint32).max) revert ChainIdTooLarge(data.destinationChainId);
        if (!DepositOrderLib.isValidSchedule(data.fee, order.fillDeadline)) {
            revert BadFeeSchedule(data.fee.startBps, data.fee.maxBps, data.fee.startTime, data.fee.endTime);
        }
        if (!DepositOrderLib.isConsistent(data.trade)) {
            revert InconsistentTrade(data.trade.sizeDelta, data.trade.limitPrice, data.trade.maxLeverageBps);
        }
        // An account is funded only by its own signature: a trade riding a stranger's deposit would run on
        // the whole account's margin, and a stranger's dust on a slow origin would raise its latency
        // buffer to liquidation (or fill its eight collateral entries).
        if (data.account != order.user) revert DepositForAnotherAccount(order.user, data.account);
        bytes32 routeId = keccak256(bytes(data.route));
        if (address(routes[routeId].primary) == address(0)) revert UnknownRoute(routeId);
        address engine = peers[data.destinationChainId];
        if (engine == address(0) || engine != data.engine) revert UnknownEngine(data.destinationChainId, data.engine);
        // A token its engine does not take could be credited nowhere, and a deposit without a trade is
        // never refunded: only the owner's list enters (the engine's `setCollateral`, mirrored here).
        if (!acceptsCollateral[data.destinationChainId][data.token]) {
            revert CollateralNotAccepted(data.destinationChainId, data.token);
        }
    }

    function _feeBps(DepositOrder memory data, bytes calldata originFillerData) internal view returns (uint16 feeBps) {
        if (originFillerData.length != 32) revert BadFillerData(originFillerData.length);
        feeBps = abi.decode(originFillerData, (uint16));
        uint256 allowed = DepositOrderLib.feeAt(data.fee, block.timestamp);
        if (feeBps > allowed) revert FeeAboveSchedule(feeBps, allowed);
    }

    function _depositedPayload(
        GaslessCrossChainOrder calldata order,
        DepositOrder memory data,
        bytes32 orderId,
        address opener,
        uint256 fee,
        bool frontable
    ) internal pure returns (bytes memory) {
        return AccountMessages.deposited(
            Deposit({
                orderId: orderId,
                account: data.account,
                token: data.token,
                amount: data.amount - fee,
                opener: opener,
                routeId: keccak256(bytes(data.route)),
                frontable: frontable,
                trade: DepositTrade({
                    marketId: keccak256(bytes(data.trade.market)),
                    sizeDelta: data.trade.sizeDelta,
                    limitPrice: data.trade.limitPrice,
                    maxLeverageBps: data.trade.maxLeverageBps,
                    fillDeadline: order.fillDeadline
                })
            })
        );
    }

    /// @dev What a generic ERC-7683 filler needs: the fee is what it can earn (at most `maxBps` of the
    /// deposit), and the attached trade is fronted on the engine with the order itself.
    function _resolve(GaslessCrossChainOrder calldata order, DepositOrder memory data, bytes32 orderId)
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
            token: bytes32(uint256(uint160(data.token))),
            amount: (data.amount * data.fee.maxBps) / BPS,
            recipient: bytes32(0),
            chainId: order.originChainId
        });
        resolved.fillInstructions = new FillInstruction[](1);
        resolved.fillInstructions[0] = FillInstruction({
            destinationChainId: uint64(data.destinationChainId),
            destinationSettler: bytes32(uint256(uint160(data.engine))),
            originData: order.orderData
        });
    }

    /// @dev The order an engine message speaks for, with the terms the message carries (checked against
    /// the stored hash); only the order's own engine may speak for it.
    function _orderFrom(bytes32 orderId, uint256 engineChainId, DepositTerms memory terms)
        internal
        view
        returns (Order storage o)
    {
        o = _orders[orderId];
        if (o.status == Status.None) revert OrderNotOpened(orderId);
        if (o.termsHash != AccountMessages.termsHash(terms)) revert TermsMismatch(orderId);
        if (terms.destinationChainId != engineChainId) {
            revert WrongEngineChain(orderId, terms.destinationChainId, engineChainId);
        }
    }

    function _debit(uint256 engineChainId, address account, address token, uint256 amount) internal {
        uint256 held = _held[engineChainId][account][token];
        if (held < amount) revert InsufficientHeld(engineChainId, account, token, held, amount);
        _held[engineChainId][account][token] = held - amount;
    }

    /// @dev Pays what an engine message releases. A recipient the token refuses (a blacklist) must not
    /// block the message for good, and with it the reservation, the fee or a refund: what cannot be
    /// paid is owed, for the recipient to claim to another address.
    function _payOut(address token, address to, uint256 amount) internal {
        if (IERC20(token).trySafeTransfer(to, amount)) return;
        owed[to][token] += amount;
        emit PaymentOwed(to, token, amount);
    }

    function _pay(address token, address to, uint256 fee, bytes32 orderId) internal {
        if (fee == 0) return;
        _payOut(token, to, fee);
        emit FeePaid(orderId, to, fee);
    }

    /// @dev Marks (engine chain, id) applied; false if it was before (a copy over another route).
    function _markApplied(uint256 engineChainId, bytes32 id) internal returns (bool) {
        bytes32 key = _appliedKey(engineChainId, id);
        if (_applied[key]) return false;
        _applied[key] = true;
        return true;
    }

    function _appliedKey(uint256 engineChainId, bytes32 id) internal pure returns (bytes32) {
        return keccak256(abi.encode(engineChainId, id));
    }

    function _frontKey(
        bytes32 withdrawalId,
        uint256 engineChainId,
        address account,
        address token,
        uint256 amount,
        address to,
        uint16 maxFastFeeBps
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(engineChainId, withdrawalId, account, token, amount, to, maxFastFeeBps));
    }
}
