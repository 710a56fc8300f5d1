// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISignatureTransfer} from "permit2/src/interfaces/ISignatureTransfer.sol";
import {GaslessCrossChainOrder} from "../../interfaces/IERC7683.sol";
import {ISolverRegistry} from "../../interfaces/ISolverRegistry.sol";
import {IMessageRoutes} from "./IMessageRoutes.sol";
import {SolverBid} from "../base/DepositOrderTypes.sol";
import {DepositTerms} from "../lib/AccountMessages.sol";

/// @title IAccountVault
/// @notice The origin settler of protocol v2 (docs/protocol-v2.md). It holds collateral per (engine
/// chain, account, token) and moves it only on a message from that chain's `AccountEngine`: a
/// withdrawal (`RELEASE`), a keeper's seizure (`SEIZE`), a refund (`EXPIRED`) or an escrowed fee
/// (`FILLED`). Deposits enter through ERC-7683 `openFor`: the trader's Permit2 witness signature, checked
/// by the one signature rule first; a bonded solver opens and, for an attached trade of a trader without
/// code, must front that trade on the engine, with `SLASH_AMOUNT` of its bond reserved until it did.
interface IAccountVault is IMessageRoutes {
    enum Status {
        None,
        /// @dev Frontable: the fee is escrowed and the opener's slash reserved until FILLED or EXPIRED.
        AwaitingFill,
        /// @dev The fee is paid (at open, or on FILLED).
        Settled,
        /// @dev EXPIRED: the whole amount went back to the trader.
        Refunded
    }

    /// @notice One deposit, in four storage slots.
    /// @notice What the vault keeps of an opened order, in two slots: what it alone knows, and the hash
    /// of the order's terms (AccountMessages.DepositTerms), which the engine's FILLED and EXPIRED carry.
    struct Order {
        address opener;
        uint32 openedAt;
        uint16 feeBps;
        Status status;
        bool frontable;
        bool overchargeProven;
        // ---
        bytes32 termsHash;
    }

    /// @notice A solver that paid a withdrawal ahead of its `RELEASE`, and the fee it kept.
    struct Front {
        address solver;
        uint16 feeBps;
    }

    event EngineRouteSet(bytes32 indexed routeId, bool trusted);
    event CollateralSet(uint256 indexed engineChainId, address indexed token, bool accepted);
    event Deposited(bytes32 indexed orderId, address indexed opener, uint16 feeBps, bool frontable);
    event FeePaid(bytes32 indexed orderId, address indexed to, uint256 amount);
    /// @notice A payment the token refused (a blacklisted recipient) is owed instead, for `claimOwed`.
    event PaymentOwed(address indexed recipient, address indexed token, uint256 amount);
    event OwedClaimed(address indexed recipient, address indexed token, address to, uint256 amount);
    event Refunded(bytes32 indexed orderId, address indexed user, uint256 amount, address opener, uint256 slashed);
    event Released(
        bytes32 indexed withdrawalId, uint256 indexed engineChainId, address indexed to, uint256 amount, address fronter
    );
    event WithdrawalFronted(
        bytes32 indexed withdrawalId, uint256 indexed engineChainId, address indexed solver, address to, uint256 paid
    );
    event Seized(bytes32 indexed seizeId, uint256 indexed engineChainId, address indexed to, uint256 amount);
    event OverchargeProven(
        bytes32 indexed orderId, address indexed opener, uint16 bidFeeBps, uint16 feeBps, uint256 slashed
    );

    /// @notice The messenger serves a route that engines do not send over (`setEngineRoute`).
    error NotAnEngineRoute(bytes32 routeId);
    error WrongSettler(address expected, address actual);
    error WrongChain(uint256 expected, uint256 actual);
    error WrongOrderDataType(bytes32 actual);
    error OpenDeadlinePassed(uint256 openDeadline, uint256 nowTimestamp);
    error DeadlineOrder(uint256 openDeadline, uint256 fillDeadline);
    error BadFeeSchedule(uint16 startBps, uint16 maxBps, uint32 startTime, uint32 endTime);
    /// @notice The attached trade is neither none (all zero, market "") nor whole.
    error InconsistentTrade(int256 sizeDelta, uint256 limitPrice, uint32 maxLeverageBps);
    error AmountOutOfRange(uint256 amount);
    error ChainIdTooLarge(uint256 chainId);
    /// @notice `engine` is not this vault's peer on `chainId`.
    error UnknownEngine(uint256 chainId, address engine);
    error SolverNotBonded(address solver);
    /// @notice `originFillerData` must be `abi.encode(uint16 feeBps)`.
    error BadFillerData(uint256 length);
    error FeeAboveSchedule(uint256 feeBps, uint256 allowedBps);
    error AlreadyOpened(bytes32 orderId);
    error OnchainOrdersUnsupported();
    /// @notice A message for an order this vault never opened: it waits (the relayer retries).
    error OrderNotOpened(bytes32 orderId);
    error OrderNotAwaitingFill(bytes32 orderId, Status status);
    /// @notice An order-specific message came from another chain than the order's engine.
    error WrongEngineChain(bytes32 orderId, uint256 expected, uint256 actual);
    /// @notice A deposit goes into its signer's own account only.
    error DepositForAnotherAccount(address user, address account);
    /// @notice The terms a message or a proof names are not the order's (their hash differs).
    error TermsMismatch(bytes32 orderId);
    error NothingOwed(address recipient, address token);
    /// @notice The vault takes no deposits of this token for that engine (`setCollateral`).
    error CollateralNotAccepted(uint256 engineChainId, address token);
    error InsufficientHeld(uint256 engineChainId, address account, address token, uint256 held, uint256 requested);
    error AlreadyReleased(bytes32 withdrawalId);
    error AlreadyFronted(bytes32 withdrawalId, address solver);
    error FeeBpsTooHigh(uint256 feeBps);
    /// @notice A front may keep at most the fast fee the trader allowed.
    error FastFeeAboveMaximum(uint256 feeBps, uint256 maxFastFeeBps);
    error ZeroAmount();
    error NotOpener(address solver, address opener);
    error BidExpired(uint256 expiry, uint256 openedAt);
    error NoOvercharge(uint256 bidFeeBps, uint256 feeBps);
    error OverchargeAlreadyProven(bytes32 orderId);

    /// @notice Owner: whether deposits of `token` for the engine on `engineChainId` are taken, mirroring
    /// that engine's `setCollateral` (a deposit its engine cannot credit would be lost).
    function setCollateral(uint256 engineChainId, address token, bool accepted) external;

    /// @notice Whether deposits of `token` for the engine on `engineChainId` are taken.
    function acceptsCollateral(uint256 engineChainId, address token) external view returns (bool);

    /// @notice Owner: whether route `name` (`keccak256(bytes(name))`) may carry the engines' messages
    /// here, the route each engine sends to this chain over (`AccountEngine.setOriginRoute`). A route of
    /// this vault that is not one only carries deposits out: it can neither release nor seize collateral,
    /// refund, slash nor pay a fee. Trust the new route before the engine moves to it, and keep the old one
    /// until its messages in flight have landed.
    function setEngineRoute(string calldata name, bool trusted) external;

    /// @notice Whether the route may carry the engines' messages here.
    function engineRoutes(bytes32 routeId) external view returns (bool);

    /// @notice A solver pays `to` now, on this chain, the withdrawal `withdrawalId` that the engine on
    /// `engineChainId` requested (`WithdrawalRequested`), less `feeBps` of `amount`, pulled from the
    /// caller; `feeBps` may not exceed the trader's `maxFastFeeBps`. The vault's later `RELEASE` of exactly
    /// these terms (its `maxFastFeeBps` included) repays the caller `amount`.
    /// @dev A front of other terms than the `RELEASE` is never repaid (`to` is paid instead), so copying a
    /// withdrawal with oneself as `to`, or naming another maximum, gains nothing and blocks nobody.
    /// Reverts `AlreadyReleased` once the `RELEASE` was applied, `AlreadyFronted` for the same terms
    /// fronted before, `FeeBpsTooHigh` above 100%, `FastFeeAboveMaximum` above `maxFastFeeBps`.
    function frontWithdrawal(
        bytes32 withdrawalId,
        uint256 engineChainId,
        address account,
        address token,
        uint256 amount,
        address to,
        uint16 maxFastFeeBps,
        uint16 feeBps
    ) external;

    /// @notice Slashes an opener that charged more than its own signed bid: `bid` names the order and
    /// its opener, `signature` is the opener's over `DepositOrderLib.bidDigest(bid)` (the signature rule),
    /// the bid was unexpired when the order was opened (`openedAt <= expiry`) and its fee is below the fee
    /// charged. Anyone may call it, once per order, with the order's terms (as its `Open` shows); the
    /// registry's victim share goes to the trader.
    function proveOvercharge(SolverBid calldata bid, bytes calldata signature, DepositTerms calldata terms) external;

    /// @notice Sends an opened order's `DEPOSITED` again, over its route's fallback messenger (paid by
    /// `msg.value`): when the primary stalls, anyone with the signed order can push the deposit through.
    /// The payload is rebuilt from the order and the vault's record (opener, fee, frontable), so it is
    /// exactly the one sent at open and nothing is stored per message; it goes only to the order's engine.
    function resendDeposit(GaslessCrossChainOrder calldata order) external payable;

    /// @notice Canonical Permit2: the trader's deposit signature is its witness transfer's.
    function PERMIT2() external view returns (ISignatureTransfer);

    /// @notice The bonds: openers must be active there, and frontable orders reserve their slash there.
    function REGISTRY() external view returns (ISolverRegistry);

    /// @notice Bond reserved per frontable order and slashed when it expires unfilled, or on an overcharge.
    function SLASH_AMOUNT() external view returns (uint256);

    /// @notice An order's record (status `None` when never opened).
    function orderOf(bytes32 orderId) external view returns (Order memory);

    /// @notice Collateral held here for `account`'s `token`, backing its ledger on the engine of
    /// `engineChainId` (only that engine can release it).
    function heldOf(uint256 engineChainId, address account, address token) external view returns (uint256);

    /// @notice What the vault owes `recipient` in `token`: payments of engine messages the token refused.
    function owed(address recipient, address token) external view returns (uint256);

    /// @notice Pays the caller's owed `token` to `to` (another address than the one the token refuses).
    function claimOwed(address token, address to) external;

    /// @notice The fast withdrawal fronted for these terms, if any.
    function frontOf(
        bytes32 withdrawalId,
        uint256 engineChainId,
        address account,
        address token,
        uint256 amount,
        address to,
        uint16 maxFastFeeBps
    ) external view returns (Front memory);

    /// @notice Whether `RELEASE` `withdrawalId` from `engineChainId` was applied.
    function released(uint256 engineChainId, bytes32 withdrawalId) external view returns (bool);

    /// @notice Whether `SEIZE` `seizeId` from `engineChainId` was applied.
    function seized(uint256 engineChainId, bytes32 seizeId) external view returns (bool);
}
