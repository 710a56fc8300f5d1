// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {GaslessCrossChainOrder} from "./interfaces/IERC7683.sol";
import {IIntentVerifier} from "./interfaces/IIntentVerifier.sol";
import {IMarginEngine} from "./interfaces/IMarginEngine.sol";
import {IMessageReceiver} from "./interfaces/IMessageReceiver.sol";
import {IMessenger} from "./interfaces/IMessenger.sol";
import {IPriceOracle} from "./interfaces/IPriceOracle.sol";
import {MarginOrder} from "./base/MarginOrderTypes.sol";
import {MarginOrderLib} from "./lib/MarginOrderLib.sol";
import {Messages} from "./lib/Messages.sol";
import {RiskMath} from "./lib/RiskMath.sol";
import {LiquidityPool} from "./pool/LiquidityPool.sol";

/// @title MarginEngine
/// @notice The destination settler (ERC-7683). See IMarginEngine.
contract MarginEngine is IMarginEngine, IMessageReceiver, Ownable2Step {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    uint256 internal constant BPS = 10_000;

    IERC20 public immutable SETTLEMENT;
    /// @dev 10^(18 − settlement decimals): wad USD per settlement token unit (the token is a USD coin).
    uint256 internal immutable SCALE;
    IPriceOracle public immutable ORACLE;
    IIntentVerifier public immutable VERIFIER;

    LiquidityPool public pool;
    /// @notice Fees of liquidations, and the first cover for bad debt.
    uint256 public insuranceFund;
    /// @notice Keeper's bonus on collateral it takes for a debt, bps of the debt.
    uint16 public keeperBonusBps = 200;
    /// @notice z × 100 and the latency terms other than the route's own, in seconds.
    uint32 public zX100 = 300;
    uint32 public detectSeconds = 2;
    uint32 public execSeconds = 2;
    uint32 public seizeSeconds = 0;

    mapping(bytes32 marketId => Market) public markets;
    mapping(bytes32 marketId => int256) public skew;
    mapping(uint256 chainId => mapping(address token => Collateral)) public collaterals;
    mapping(bytes32 routeId => Route) public routes;
    /// @dev Which route a messenger serves: a `Locked` that arrives before its fill is checked later.
    mapping(address messenger => bytes32 routeId) public routeOfMessenger;
    mapping(uint256 chainId => address vault) public peers;
    mapping(bytes32 orderId => Position) internal _positions;
    /// @dev `Locked` that arrived before the fill: collateral amount and the route it came over.
    mapping(bytes32 orderId => LockedEarly) public lockedEarly;
    /// @dev Payloads this engine sent, so anyone may resend exactly those over the fallback route.
    mapping(bytes32 payloadHash => bool) public sent;
    /// @dev Payloads applied, so the copy over the other route is a no-op.
    mapping(bytes32 payloadHash => bool) public consumed;

    /// @dev What the current call may spend on price updates and messages: the caller's `msg.value`
    /// (whoever triggers a message pays for it), or the engine's own balance for messages that a
    /// delivery triggers. Leftovers stay in the engine and fund those.
    uint256 transient internal _budget;

    struct LockedEarly {
        uint256 amount;
        bytes32 routeId;
    }

    constructor(
        address owner_,
        IERC20 settlement,
        uint8 settlementDecimals,
        IPriceOracle oracle,
        IIntentVerifier verifier
    ) Ownable(owner_) {
        VERIFIER = verifier;
        SETTLEMENT = settlement;
        SCALE = 10 ** (18 - settlementDecimals);
        ORACLE = oracle;
    }

    /// @notice Pays messaging fees for messages a fill or a keeper triggers.
    receive() external payable {}

    modifier paidByCaller() {
        _budget = msg.value;
        _;
    }

    // ---------------------------------------------------------------- configuration (owner)

    function setPool(LiquidityPool pool_) external onlyOwner {
        pool = pool_;
    }

    function setMarket(string calldata name, Market calldata market) external onlyOwner {
        bytes32 marketId = keccak256(bytes(name));
        markets[marketId] = market;
        emit MarketSet(marketId, market);
    }

    function setCollateral(uint256 chainId, address token, Collateral calldata config) external onlyOwner {
        collaterals[chainId][token] = config;
        emit CollateralSet(chainId, token, config);
    }

    function setRoute(string calldata name, Route calldata route) external onlyOwner {
        bytes32 routeId = keccak256(bytes(name));
        // A `Locked` that arrives before its fill is attributed to a route by its messenger alone.
        _claimMessenger(address(route.primary), routeId);
        _claimMessenger(address(route.fallbackMessenger), routeId);
        routes[routeId] = route;
        emit RouteSet(routeId, route);
    }

    function _claimMessenger(address messenger, bytes32 routeId) internal {
        bytes32 current = routeOfMessenger[messenger];
        if (current != bytes32(0) && current != routeId) revert MessengerInUse(messenger, current);
        routeOfMessenger[messenger] = routeId;
    }

    function setPeer(uint256 chainId, address vault) external onlyOwner {
        peers[chainId] = vault;
        emit PeerSet(chainId, vault);
    }

    function setRisk(uint32 zX100_, uint32 detect, uint32 exec, uint32 seize, uint16 keeperBonus) external onlyOwner {
        (zX100, detectSeconds, execSeconds, seizeSeconds, keeperBonusBps) = (zX100_, detect, exec, seize, keeperBonus);
    }

    /// @notice Adds to the insurance fund (anyone may).
    function fundInsurance(uint256 amount) external {
        SETTLEMENT.safeTransferFrom(msg.sender, address(this), amount);
        insuranceFund += amount * SCALE;
    }

    // ---------------------------------------------------------------- fill

    /// @inheritdoc IMarginEngine
    function fill(bytes32 orderId, bytes calldata originData, bytes calldata fillerData) external payable paidByCaller {
        GaslessCrossChainOrder memory order = abi.decode(originData, (GaslessCrossChainOrder));
        (bytes memory signature, uint16 feeBps, bytes[] memory priceUpdate) =
            abi.decode(fillerData, (bytes, uint16, bytes[]));
        MarginOrder memory data = checkOrder(orderId, order, signature);
        if (block.timestamp > order.fillDeadline) revert FillDeadlinePassed(order.fillDeadline, block.timestamp);
        uint256 allowed = MarginOrderLib.feeAt(data.fee, block.timestamp);
        if (feeBps > allowed) revert FeeAboveSchedule(feeBps, allowed);
        _updatePrices(priceUpdate);
        _open(orderId, order, data, feeBps);
    }

    /// @notice Every check of a fill before prices: the signed terms (IntentVerifier) and what this
    /// engine serves (chain, settler, vault, first fill).
    function checkOrder(bytes32 orderId, GaslessCrossChainOrder memory order, bytes memory signature)
        public
        view
        returns (MarginOrder memory data)
    {
        data = VERIFIER.verify(orderId, order, signature);
        if (data.destinationChainId != block.chainid) revert WrongChain(block.chainid, data.destinationChainId);
        if (data.destinationSettler != address(this)) revert WrongSettler(address(this), data.destinationSettler);
        if (peers[order.originChainId] != order.originSettler || order.originSettler == address(0)) {
            revert UnknownVault(order.originChainId, order.originSettler);
        }
        Status status = _positions[orderId].status;
        if (status != Status.None) revert AlreadyFilled(orderId, status);
    }

    function _open(bytes32 orderId, GaslessCrossChainOrder memory order, MarginOrder memory data, uint16 feeBps)
        internal
    {
        Position storage p = _positions[orderId];
        _writeTerms(p, order, data, feeBps);
        _price(p, data);
        (int256 equity, uint256 requirement) = _health(p);
        if (equity < int256(requirement)) revert BelowMaintenance(_positive(equity), requirement);

        LockedEarly memory early = lockedEarly[orderId];
        if (early.amount != 0 && early.routeId == p.routeId) {
            // The collateral is already known to be in escrow: nothing to front.
            p.remoteBacked = true;
            delete lockedEarly[orderId];
        } else {
            p.front = _ceilTokens(p.credit).toUint128();
            SETTLEMENT.safeTransferFrom(msg.sender, address(this), p.front);
        }
        emit Filled(orderId, msg.sender, p.account, p.entryPrice, p.front, feeBps);
        _send(p, Messages.filled(orderId, msg.sender, feeBps));
    }

    /// @dev The signed terms, after checking the engine serves their market, route and collateral.
    function _writeTerms(Position storage p, GaslessCrossChainOrder memory order, MarginOrder memory data, uint16 feeBps)
        internal
    {
        bytes32 marketId = keccak256(bytes(data.market));
        if (markets[marketId].feedId == bytes32(0)) revert UnknownMarket(marketId);
        bytes32 routeId = keccak256(bytes(data.route));
        if (address(routes[routeId].primary) == address(0)) revert UnknownRoute(routeId);
        if (collaterals[order.originChainId][data.collateralToken].feedId == bytes32(0)) {
            revert UnknownCollateral(order.originChainId, data.collateralToken);
        }
        p.account = data.recipient;
        p.status = Status.Open;
        p.isLong = data.isLong;
        p.feeBps = feeBps;
        p.trader = order.user;
        p.marketId = marketId;
        p.routeId = routeId;
        p.size = data.size.toUint128();
        p.originChainId = order.originChainId.toUint32();
        p.collateralToken = data.collateralToken;
        p.filler = msg.sender;
        // The solver's fee leaves the escrow on the origin; the position owns the rest.
        p.collateral = (data.collateralAmount - (data.collateralAmount * feeBps) / BPS).toUint128();
    }

    /// @dev Entry price with skew impact against the trader's limit, and leverage against the signed
    /// and the market's maximum, valuing the collateral at the low side less its haircut.
    function _price(Position storage p, MarginOrder memory data) internal {
        Market memory market = markets[p.marketId];
        Collateral memory config = collaterals[p.originChainId][p.collateralToken];
        uint256 credit =
            RiskMath.collateralValue(p.collateral, config.decimals, ORACLE.quote(config.feedId).low, config.haircutBps);
        int256 sizeDelta = p.isLong ? int256(uint256(p.size)) : -int256(uint256(p.size));
        uint256 entry = RiskMath.fillPrice(ORACLE.quote(market.feedId).mid, skew[p.marketId], sizeDelta, market.skewScale);
        if (p.isLong ? entry > data.limitPrice : entry < data.limitPrice) {
            revert PriceBeyondLimit(entry, data.limitPrice, p.isLong);
        }
        uint256 maxLeverage = Math.min(data.maxLeverageBps, market.maxLeverageBps);
        uint256 notional = RiskMath.notional(p.size, entry);
        if (notional * BPS > credit * maxLeverage) revert LeverageTooHigh(notional, credit, maxLeverage);
        skew[p.marketId] += sizeDelta;
        p.entryPrice = entry.toUint128();
        p.credit = credit.toUint128();
    }

    // ---------------------------------------------------------------- expire

    /// @inheritdoc IMarginEngine
    function expire(bytes calldata originData) external payable paidByCaller {
        GaslessCrossChainOrder memory order = abi.decode(originData, (GaslessCrossChainOrder));
        (bytes32 orderId, MarginOrder memory data) = VERIFIER.identify(order);
        // Only the engine the order names may declare it unfillable: another could not see its fill.
        if (data.destinationChainId != block.chainid) revert WrongChain(block.chainid, data.destinationChainId);
        if (data.destinationSettler != address(this)) revert WrongSettler(address(this), data.destinationSettler);
        if (block.timestamp <= order.fillDeadline) revert FillDeadlineNotPassed(order.fillDeadline, block.timestamp);
        Position storage p = _positions[orderId];
        if (p.status != Status.None) revert AlreadyFilled(orderId, p.status);
        bytes32 routeId = keccak256(bytes(data.route));
        if (address(routes[routeId].primary) == address(0)) revert UnknownRoute(routeId);
        p.status = Status.Expired;
        p.routeId = routeId;
        p.originChainId = order.originChainId.toUint32();
        emit OrderExpired(orderId);
        _send(p, Messages.expired(orderId));
    }

    // ---------------------------------------------------------------- trader: close and withdraw

    /// @inheritdoc IMarginEngine
    function close(bytes32 orderId, bytes[] calldata priceUpdate) external payable paidByCaller {
        Position storage p = _openPosition(orderId);
        if (msg.sender != p.account) revert NotAccount(msg.sender, p.account);
        _updatePrices(priceUpdate);
        Market memory market = markets[p.marketId];
        int256 sizeDelta = p.isLong ? -int256(uint256(p.size)) : int256(uint256(p.size));
        uint256 exit = RiskMath.fillPrice(ORACLE.quote(market.feedId).mid, skew[p.marketId], sizeDelta, market.skewScale);
        int256 pnl = RiskMath.pnl(p.isLong, p.size, p.entryPrice, exit);
        _realize(orderId, p, p.size, pnl, 0);
        emit Closed(orderId, exit, pnl, p.debt);
    }

    /// @inheritdoc IMarginEngine
    function withdraw(bytes32 orderId, uint256 amount, bytes[] calldata priceUpdate) external payable paidByCaller {
        if (amount == 0) revert ZeroAmount();
        Position storage p = _positions[orderId];
        if (msg.sender != p.account) revert NotAccount(msg.sender, p.account);
        if (!p.remoteBacked) revert NotBacked(orderId);
        if (p.debt != 0) revert OutstandingDebt(orderId, p.debt);
        _updatePrices(priceUpdate);
        if (p.status == Status.Open) {
            Collateral memory config = collaterals[p.originChainId][p.collateralToken];
            uint256 price = ORACLE.quote(config.feedId).low;
            uint256 valueOut = RiskMath.collateralValue(Math.min(amount, p.collateral), config.decimals, price, config.haircutBps);
            (int256 equity,) = _health(p);
            uint256 notional = RiskMath.notional(p.size, ORACLE.quote(markets[p.marketId].feedId).mid);
            Market memory market = markets[p.marketId];
            uint256 required = Math.mulDiv(notional, BPS, market.maxLeverageBps)
                + Math.mulDiv(notional, latencyBufferBps(p.marketId, p.routeId), BPS);
            int256 after_ = equity - int256(valueOut);
            if (after_ < int256(required)) revert InsufficientFreeMargin(_positive(after_), required);
        } else if (p.status != Status.Closed) {
            revert NotOpen(orderId, p.status);
        }
        if (amount > p.collateral) revert InsufficientFreeMargin(p.collateral, amount);
        p.collateral -= amount.toUint128();
        _payout(orderId, p, Messages.RELEASE, amount, p.trader);
    }

    // ---------------------------------------------------------------- keepers: liquidate and settle debt

    /// @inheritdoc IMarginEngine
    /// @dev Partial where possible: half the position is closed when what remains is healthy again
    /// after paying its share of the fee and the keeper's bonus; otherwise all of it.
    function liquidate(bytes32 orderId, bytes[] calldata priceUpdate) external payable paidByCaller {
        Position storage p = _openPosition(orderId);
        _updatePrices(priceUpdate);
        (int256 equity, uint256 requirement) = _health(p);
        if (equity >= int256(requirement)) revert Healthy(uint256(equity), requirement);
        uint256 mark = _conservativeMark(p);
        uint256 closeSize = _liquidationSize(p, equity, requirement, mark);
        int256 pnl = RiskMath.pnl(p.isLong, closeSize, p.entryPrice, mark);
        uint256 fee = Math.mulDiv(RiskMath.notional(closeSize, mark), markets[p.marketId].liquidationFeeBps, BPS);
        _realize(orderId, p, closeSize, pnl, fee);
        emit Liquidated(orderId, msg.sender, mark, pnl, p.debt);
    }

    /// @dev Half the size if the other half, charged half the fee and the keeper's bonus on the debt
    /// the closed half leaves, is back above its maintenance requirement.
    function _liquidationSize(Position storage p, int256 equity, uint256 requirement, uint256 mark)
        internal
        view
        returns (uint256)
    {
        uint256 half = p.size / 2;
        if (half == 0 || equity <= 0) return p.size;
        uint256 halfFee = Math.mulDiv(RiskMath.notional(half, mark), markets[p.marketId].liquidationFeeBps, BPS);
        int256 halfPnl = RiskMath.pnl(p.isLong, half, p.entryPrice, mark);
        uint256 halfDebt = _positive(int256(halfFee) - halfPnl);
        uint256 cost = halfFee + Math.mulDiv(halfDebt, keeperBonusBps, BPS);
        return uint256(equity) >= cost + requirement / 2 + requirement / 20 ? half : p.size;
    }

    /// @inheritdoc IMarginEngine
    function settleDebt(bytes32 orderId, address to, bytes[] calldata priceUpdate) external payable paidByCaller {
        Position storage p = _positions[orderId];
        if (p.debt == 0) revert NoDebt(orderId);
        if (!p.remoteBacked) revert NotBacked(orderId);
        _updatePrices(priceUpdate);
        (uint256 seized, uint256 covered) = _debtCover(p);
        _collectDebt(orderId, p, covered);
        p.collateral -= seized.toUint128();
        if (seized != 0) _payout(orderId, p, Messages.SEIZE, seized, to);
        // After a partial liquidation the rest still backs the open position.
        if (p.status == Status.Closed && p.collateral != 0) {
            uint256 rest = p.collateral;
            p.collateral = 0;
            _payout(orderId, p, Messages.RELEASE, rest, p.trader);
        }
    }

    /// @dev Collateral worth the debt plus the keeper's bonus, as far as the collateral goes, and the
    /// part of the debt that collateral covers.
    function _debtCover(Position storage p) internal view returns (uint256 seized, uint256 covered) {
        Collateral memory config = collaterals[p.originChainId][p.collateralToken];
        uint256 price = ORACLE.quote(config.feedId).low;
        uint256 wanted = RiskMath.collateralFor(Math.mulDiv(p.debt, BPS + keeperBonusBps, BPS), config.decimals, price);
        seized = Math.min(wanted, p.collateral);
        covered = seized == wanted ? p.debt : Math.mulDiv(p.debt, seized, wanted);
    }

    /// @dev The keeper pays what the collateral covers: the liquidation fee to insurance, the rest to the
    /// pool; what it does not cover is bad debt.
    function _collectDebt(bytes32 orderId, Position storage p, uint256 covered) internal {
        uint256 badDebt = p.debt - covered;
        uint256 toInsurance = Math.min(p.insuranceDue, covered);
        p.debt = 0;
        p.insuranceDue = 0;
        insuranceFund += toInsurance;
        uint256 paid = _ceilTokens(covered);
        SETTLEMENT.safeTransferFrom(msg.sender, address(this), paid);
        SETTLEMENT.safeTransfer(address(pool), paid - Math.min(paid, _ceilTokens(toInsurance)));
        _coverBadDebt(badDebt);
        emit DebtSettled(orderId, msg.sender, covered, 0, badDebt);
    }

    /// @inheritdoc IMarginEngine
    function resendViaFallback(bytes32 orderId, bytes calldata payload) external payable paidByCaller {
        if (!sent[keccak256(payload)]) revert UntrustedMessenger(orderId, msg.sender);
        Position storage p = _positions[orderId];
        Route memory route = routes[p.routeId];
        _dispatch(route.fallbackMessenger, p.originChainId, payload);
    }

    // ---------------------------------------------------------------- messages from the vault

    /// @inheritdoc IMessageReceiver
    function receiveMessage(uint256 originChainId, address sender, uint64, bytes calldata payload) external {
        _budget = address(this).balance;
        if (sender == address(0) || peers[originChainId] != sender) revert UntrustedPeer(originChainId, sender);
        (uint8 kind, bytes32 orderId) = Messages.header(payload);
        if (kind != Messages.LOCKED) revert Messages.UnknownKind(kind);
        bytes32 payloadHash = keccak256(payload);
        if (consumed[payloadHash]) return;
        (,,, uint256 amount,) = abi.decode(payload[1:], (bytes32, address, address, uint256, address));
        Position storage p = _positions[orderId];
        if (p.status == Status.None) {
            // Arrived before the fill: remember it with the route it came over; the fill checks both.
            bytes32 routeId = _routeOfMessenger(orderId, msg.sender, bytes32(0));
            consumed[payloadHash] = true;
            lockedEarly[orderId] = LockedEarly(amount, routeId);
            return;
        }
        _routeOfMessenger(orderId, msg.sender, p.routeId);
        consumed[payloadHash] = true;
        if (p.status == Status.Expired || p.remoteBacked) return;
        _onLocked(orderId, p);
    }

    /// @dev The remote collateral now backs the position: repay the filler what is left of its front,
    /// and pay it in collateral for what its front covered meanwhile.
    function _onLocked(bytes32 orderId, Position storage p) internal {
        p.remoteBacked = true;
        uint256 front = p.front;
        p.front = 0;
        if (front != 0) SETTLEMENT.safeTransfer(p.filler, front);
        emit Backed(orderId, p.collateral, front);
        uint256 claim = p.fillerClaim;
        if (claim != 0) {
            p.fillerClaim = 0;
            Collateral memory config = collaterals[p.originChainId][p.collateralToken];
            uint256 amount = Math.min(RiskMath.collateralFor(claim, config.decimals, ORACLE.quote(config.feedId).low), p.collateral);
            p.collateral -= amount.toUint128();
            _payout(orderId, p, Messages.SEIZE, amount, p.filler);
        }
        if (p.status == Status.Closed && p.debt == 0 && p.collateral != 0) {
            uint256 rest = p.collateral;
            p.collateral = 0;
            _payout(orderId, p, Messages.RELEASE, rest, p.trader);
        }
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IMarginEngine
    function positionOf(bytes32 orderId) external view returns (Position memory) {
        return _positions[orderId];
    }

    /// @inheritdoc IMarginEngine
    function health(bytes32 orderId) external view returns (int256 equity, uint256 requirement) {
        return _health(_positions[orderId]);
    }

    /// @inheritdoc IMarginEngine
    function latencyBufferBps(bytes32 marketId, bytes32 routeId) public view returns (uint256) {
        uint256 latency = uint256(detectSeconds) + execSeconds + routes[routeId].messageSeconds + seizeSeconds;
        return RiskMath.latencyBufferBps(zX100, markets[marketId].volBpsPerSqrtHour, latency);
    }

    // ---------------------------------------------------------------- internal

    function _health(Position storage p) internal view returns (int256 equity, uint256 requirement) {
        Market memory market = markets[p.marketId];
        uint256 mark = _conservativeMark(p);
        uint256 margin = p.credit;
        if (p.remoteBacked) {
            Collateral memory config = collaterals[p.originChainId][p.collateralToken];
            margin = RiskMath.collateralValue(p.collateral, config.decimals, ORACLE.quote(config.feedId).low, config.haircutBps);
        }
        // Debt still awaiting a keeper will take collateral worth debt plus bonus.
        uint256 owed = Math.mulDiv(p.debt, BPS + keeperBonusBps, BPS);
        equity = int256(margin) - int256(owed) + RiskMath.pnl(p.isLong, p.size, p.entryPrice, mark);
        uint256 rate = uint256(market.maintenanceBps) + market.liquidationFeeBps + latencyBufferBps(p.marketId, p.routeId);
        requirement = Math.mulDiv(RiskMath.notional(p.size, mark), rate, BPS);
    }

    /// @dev Liabilities at the high side: a long is marked at the low price, a short at the high.
    function _conservativeMark(Position storage p) internal view returns (uint256) {
        IPriceOracle.Quote memory q = ORACLE.quote(markets[p.marketId].feedId);
        return p.isLong ? q.low : q.high;
    }

    /// @dev Closes `closeSize` of the position and realises its `pnl` less `fee` (the liquidation fee,
    /// owed to the insurance fund). A net profit is paid by the pool; a net loss becomes debt for a
    /// keeper (remote-backed) or comes out of the filler's front (before `Locked`). A fully closed,
    /// debt-free position releases its collateral to the trader.
    function _realize(bytes32 orderId, Position storage p, uint256 closeSize, int256 pnl, uint256 fee) internal {
        skew[p.marketId] += p.isLong ? -int256(closeSize) : int256(closeSize);
        p.size -= closeSize.toUint128();
        if (p.size == 0) p.status = Status.Closed;
        int256 net = pnl - int256(fee);
        if (net >= 0) {
            if (net > 0) pool.pay(p.account, uint256(net) / SCALE);
            if (fee != 0) {
                pool.pay(address(this), _ceilTokens(fee));
                insuranceFund += fee;
            }
        } else if (p.remoteBacked) {
            p.debt += uint256(-net).toUint128();
            p.insuranceDue += fee.toUint128();
        } else {
            _coverFromFront(p, uint256(-net), fee);
        }
        if (p.status == Status.Closed) {
            p.credit = 0;
            if (p.remoteBacked && p.debt == 0 && p.collateral != 0) {
                uint256 rest = p.collateral;
                p.collateral = 0;
                _payout(orderId, p, Messages.RELEASE, rest, p.trader);
            }
        }
    }

    /// @dev Before `Locked`, the filler's front stands in for the collateral: the loss comes out of it
    /// now, and the filler takes collateral worth as much when `Locked` arrives.
    function _coverFromFront(Position storage p, uint256 loss, uint256 fee) internal {
        uint256 usedTokens = Math.min(_ceilTokens(loss), p.front);
        uint256 used = Math.min(usedTokens * SCALE, loss);
        p.front -= usedTokens.toUint128();
        p.credit -= Math.min(p.credit, used).toUint128();
        p.fillerClaim += used.toUint128();
        uint256 toInsurance = Math.min(fee, used);
        insuranceFund += toInsurance;
        uint256 toPoolTokens = usedTokens - Math.min(usedTokens, _ceilTokens(toInsurance));
        if (toPoolTokens != 0) SETTLEMENT.safeTransfer(address(pool), toPoolTokens);
        _coverBadDebt(loss - used);
    }

    /// @dev What collateral cannot cover comes from the insurance fund, then from the pool (its LPs).
    function _coverBadDebt(uint256 badDebt) internal {
        if (badDebt == 0) return;
        uint256 fromInsurance = Math.min(badDebt, insuranceFund);
        insuranceFund -= fromInsurance;
        if (fromInsurance != 0) SETTLEMENT.safeTransfer(address(pool), fromInsurance / SCALE);
    }

    function _openPosition(bytes32 orderId) internal view returns (Position storage p) {
        p = _positions[orderId];
        if (p.status != Status.Open) revert NotOpen(orderId, p.status);
    }

    function _payout(bytes32 orderId, Position storage p, uint8 kind, uint256 amount, address to) internal {
        uint64 sequence = ++p.sequence;
        if (kind == Messages.RELEASE) emit WithdrawalRequested(orderId, sequence, amount, to);
        _send(p, Messages.payout(kind, orderId, sequence, amount, to));
    }

    function _send(Position storage p, bytes memory payload) internal {
        sent[keccak256(payload)] = true;
        _dispatch(routes[p.routeId].primary, p.originChainId, payload);
    }

    function _dispatch(IMessenger messenger, uint256 chainId, bytes memory payload) internal {
        // No separate quote: the adapter charges its fee out of the budget, refunds the rest to this
        // contract and reverts InsufficientFee when short (a quote first would cost ~25k gas more).
        uint256 before = address(this).balance;
        messenger.sendMessage{value: _budget}(chainId, peers[chainId], payload);
        _budget -= before - address(this).balance;
    }

    /// @dev The route whose primary or fallback messenger is `messenger`; when `expected` is set, only
    /// that route qualifies (a trader's messages travel only over the route it chose).
    function _routeOfMessenger(bytes32 orderId, address messenger, bytes32 expected) internal view returns (bytes32) {
        bytes32 routeId = routeOfMessenger[messenger];
        if (routeId == bytes32(0) || (expected != bytes32(0) && routeId != expected)) {
            revert UntrustedMessenger(orderId, messenger);
        }
        return routeId;
    }

    /// @dev Pays the price update out of the call's budget (the oracle refunds what it does not use).
    function _updatePrices(bytes[] memory priceUpdate) internal {
        if (priceUpdate.length == 0) return;
        uint256 before = address(this).balance;
        ORACLE.update{value: _budget}(priceUpdate);
        _budget -= before - address(this).balance;
    }

    function _positive(int256 value) internal pure returns (uint256) {
        return value > 0 ? uint256(value) : 0;
    }

    function _ceilTokens(uint256 usd) internal view returns (uint256) {
        return Math.ceilDiv(usd, SCALE);
    }
}
