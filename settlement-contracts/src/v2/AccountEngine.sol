// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {GaslessCrossChainOrder} from "../interfaces/IERC7683.sol";
import {IMessageReceiver} from "../interfaces/IMessageReceiver.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {LiquidityPool} from "../pool/LiquidityPool.sol";
import {IAccountEngine} from "./interfaces/IAccountEngine.sol";
import {MessageRoutes} from "./base/MessageRoutes.sol";
import {EngineStorage} from "./base/AccountStorage.sol";
import {
    AccountHeader,
    AccountView,
    Collateral,
    CollateralBalance,
    CollateralConfig,
    DepositRecord,
    Health,
    Market,
    MarketConfig,
    MarketState,
    Position,
    PositionView,
    RiskParams,
    Trade,
    Withdraw
} from "./base/AccountTypes.sol";
import {AccountActionsLib} from "./lib/AccountActionsLib.sol";
import {AccountDeposits} from "./lib/AccountDeposits.sol";
import {AccountLedger} from "./lib/AccountLedger.sol";
import {AccountMessages, DepositTrade} from "./lib/AccountMessages.sol";
import {AccountRisk} from "./lib/AccountRisk.sol";
import {AccountTrading} from "./lib/AccountTrading.sol";
import {PackedIndexList} from "./lib/PackedIndexList.sol";
import {SignatureRule} from "./lib/SignatureRule.sol";
import {UnorderedNonces} from "./lib/UnorderedNonces.sol";

/// @title AccountEngine
/// @notice The destination core of protocol v2. See IAccountEngine. Entry points and configuration
/// here; the logic lives in libraries over one storage layout (AccountStorage): AccountTrading,
/// AccountRisk, AccountLedger.
contract AccountEngine is IAccountEngine, IMessageReceiver, MessageRoutes {
    using PackedIndexList for uint64;

    uint256 internal constant BPS = 10_000;

    IERC20 public immutable SETTLEMENT;
    IPriceOracle public immutable ORACLE;
    /// @dev 10^(18 − settlement decimals): wad USD per settlement-token unit (the token is a USD coin).
    uint256 internal immutable SCALE;
    uint256 internal immutable CACHED_CHAIN_ID;
    bytes32 internal immutable CACHED_DOMAIN_SEPARATOR;

    address public pool;
    EngineStorage internal _s;

    constructor(address owner_, IERC20 settlement, uint8 settlementDecimals, IPriceOracle oracle) Ownable(owner_) {
        SETTLEMENT = settlement;
        SCALE = 10 ** (18 - settlementDecimals);
        ORACLE = oracle;
        CACHED_CHAIN_ID = block.chainid;
        CACHED_DOMAIN_SEPARATOR = AccountActionsLib.domainSeparator(block.chainid, address(this));
        _s.risk = RiskParams({zX100: 300, detectSeconds: 2, execSeconds: 2, seizeSeconds: 0, collateralPriceAge: 10});
    }

    // ---------------------------------------------------------------- configuration (owner)

    /// @inheritdoc IAccountEngine
    function setPool(address pool_) external onlyOwner {
        pool = pool_;
        emit PoolSet(pool_);
    }

    /// @inheritdoc IAccountEngine
    function setMarket(string calldata name, MarketConfig calldata config) external onlyOwner {
        bytes32 marketId = keccak256(bytes(name));
        uint256 maintenance = uint256(config.maintenanceBps) + config.liquidationFeeBps;
        if (
            config.feedId == bytes32(0) || config.maxLeverageBps == 0
                || uint256(config.maxLeverageBps) * maintenance > BPS * BPS
        ) {
            revert InvalidMarket(marketId, config.maxLeverageBps, maintenance);
        }
        uint8 index = _s.markets[marketId].index;
        if (index == 0) {
            if (_s.marketCount == type(uint8).max) revert TooManyMarkets(type(uint8).max);
            index = ++_s.marketCount;
            _s.marketIds[index] = marketId;
        }
        _s.markets[marketId] = Market({
            feedId: config.feedId,
            skewScale: config.skewScale,
            maxLeverageBps: config.maxLeverageBps,
            maintenanceBps: config.maintenanceBps,
            liquidationFeeBps: config.liquidationFeeBps,
            volBpsPerSqrtHour: config.volBpsPerSqrtHour,
            tradingFeeBps: config.tradingFeeBps,
            maxTradePriceAge: config.maxTradePriceAge,
            index: index
        });
        emit MarketSet(marketId, index, config);
    }

    /// @inheritdoc IAccountEngine
    function setCollateral(uint256 chainId, address token, CollateralConfig calldata config) external onlyOwner {
        if (_s.originRoutes[chainId] == bytes32(0)) revert NoOriginRoute(chainId);
        if (config.feedId == bytes32(0)) revert UnknownCollateral(chainId, token);
        uint8 index = _s.collateralIndex[chainId][token];
        if (index == 0) {
            if (_s.collateralCount == type(uint8).max) revert TooManyCollaterals(type(uint8).max);
            index = ++_s.collateralCount;
            _s.collateralIndex[chainId][token] = index;
        }
        _s.collaterals[index] = Collateral({
            feedId: config.feedId,
            token: token,
            chainId: uint64(chainId),
            decimals: config.decimals,
            haircutBps: config.haircutBps
        });
        emit CollateralSet(chainId, token, index, config);
    }

    /// @inheritdoc IAccountEngine
    function setOriginRoute(uint256 chainId, string calldata routeName) external onlyOwner {
        bytes32 routeId = keccak256(bytes(routeName));
        if (address(routes[routeId].primary) == address(0)) revert UnknownRoute(routeId);
        _s.originRoutes[chainId] = routeId;
        emit OriginRouteSet(chainId, routeId);
    }

    /// @inheritdoc IAccountEngine
    function setRisk(RiskParams calldata risk_) external onlyOwner {
        _s.risk = risk_;
        emit RiskSet(risk_);
    }

    // ---------------------------------------------------------------- deposits

    /// @inheritdoc IMessageReceiver
    /// @dev The route the trader signed is read from the payload before `_accept` consumes anything: a
    /// deposit lands only over that route (its primary or fallback messenger).
    function receiveMessage(uint256 originChainId, address sender, uint64, bytes calldata payload) external {
        bytes32 routeId = AccountDeposits.routeOf(payload);
        if (routeId == bytes32(0)) revert UnknownRoute(bytes32(0));
        (, bool duplicate) = _accept(originChainId, sender, routeId, payload);
        if (!duplicate) AccountDeposits.onDeposited(_s, SETTLEMENT, SCALE, originChainId, payload);
    }

    /// @inheritdoc IAccountEngine
    function executeDepositTrade(address account, DepositTrade calldata t) external {
        if (msg.sender != address(this)) revert OnlySelf(msg.sender);
        if (block.timestamp > t.fillDeadline) revert DepositTradeExpired(t.fillDeadline, block.timestamp);
        _trade(account, t.marketId, t.sizeDelta, t.limitPrice, t.maxLeverageBps);
    }

    /// @inheritdoc IAccountEngine
    function fillDeposit(GaslessCrossChainOrder calldata order, bytes calldata signature, bytes[] calldata priceUpdate)
        external
        payable
        paidByCaller
    {
        _updatePrices(priceUpdate);
        (bytes32 orderId, bytes32 routeId) =
            AccountDeposits.fill(_s, routes, peers, AccountDeposits.Env(ORACLE, SETTLEMENT, SCALE), order, signature);
        _send(routeId, order.originChainId, AccountMessages.filled(orderId, msg.sender));
    }

    /// @inheritdoc IAccountEngine
    function expire(GaslessCrossChainOrder calldata order) external payable paidByCaller {
        (bytes32 orderId, bytes32 routeId) = AccountDeposits.expire(_s, peers, order);
        _send(routeId, order.originChainId, AccountMessages.expired(orderId));
    }

    // ---------------------------------------------------------------- actions

    /// @inheritdoc IAccountEngine
    function tradeFor(Trade calldata action, bytes calldata signature, uint256 relayerFee, bytes[] calldata priceUpdate)
        external
        payable
        paidByCaller
    {
        bytes32 digest = AccountActionsLib.digest(_domainSeparator(), AccountActionsLib.hash(action));
        _authorize(action.account, action.nonce, action.deadline, digest, signature);
        _payRelayer(digest, action.account, relayerFee, action.maxRelayerFee);
        _updatePrices(priceUpdate);
        _trade(
            action.account, keccak256(bytes(action.market)), action.sizeDelta, action.limitPrice, action.maxLeverageBps
        );
    }

    /// @inheritdoc IAccountEngine
    function trade(
        string calldata market_,
        int256 sizeDelta,
        uint256 limitPrice,
        uint32 maxLeverageBps,
        bytes[] calldata priceUpdate
    ) external payable paidByCaller {
        _updatePrices(priceUpdate);
        _trade(msg.sender, keccak256(bytes(market_)), sizeDelta, limitPrice, maxLeverageBps);
    }

    /// @inheritdoc IAccountEngine
    function withdrawFor(
        Withdraw calldata action,
        bytes calldata signature,
        uint256 relayerFee,
        bytes[] calldata priceUpdate
    ) external payable paidByCaller {
        bytes32 digest = AccountActionsLib.digest(_domainSeparator(), AccountActionsLib.hash(action));
        _authorize(action.account, action.nonce, action.deadline, digest, signature);
        _payRelayer(digest, action.account, relayerFee, action.maxRelayerFee);
        _updatePrices(priceUpdate);
        _withdraw(digest, action.account, action.chainId, action.token, action.amount, action.to, action.maxFastFeeBps);
    }

    /// @inheritdoc IAccountEngine
    function withdraw(
        uint256 chainId,
        address token,
        uint256 amount,
        address to,
        uint16 maxFastFeeBps,
        bytes[] calldata priceUpdate
    ) external payable paidByCaller {
        _updatePrices(priceUpdate);
        bytes32 withdrawalId = keccak256(abi.encode(block.chainid, address(this), ++_s.withdrawalCount));
        _withdraw(withdrawalId, msg.sender, chainId, token, amount, to, maxFastFeeBps);
    }

    /// @inheritdoc IAccountEngine
    function invalidateNonces(uint256 word, uint256 mask) external {
        _s.nonces[msg.sender][word] |= mask;
        emit NoncesInvalidated(msg.sender, word, mask);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IAccountEngine
    function accountOf(address account) external view returns (AccountView memory v) {
        AccountHeader memory header = _s.accounts[account];
        v.cash = header.cash;
        v.collateral = new CollateralBalance[](header.collaterals.length());
        for (uint256 i; i < v.collateral.length; ++i) {
            uint8 index = header.collaterals.at(i);
            Collateral memory c = _s.collaterals[index];
            v.collateral[i] = CollateralBalance(c.chainId, c.token, _s.ledger[account][index]);
        }
        v.positions = new PositionView[](header.markets.length());
        for (uint256 i; i < v.positions.length; ++i) {
            uint8 index = header.markets.at(i);
            Position memory p = _s.positions[account][index];
            v.positions[i] = PositionView(_s.marketIds[index], p.size, p.entryPrice);
        }
    }

    /// @inheritdoc IAccountEngine
    function health(address account) external view returns (int256 equity, uint256 maintenance, uint256 initial) {
        Health memory h = AccountRisk.healthOf(_s, routes, ORACLE, account, false);
        return (h.equity, h.maintenance, h.initial);
    }

    /// @inheritdoc IAccountEngine
    function latencyBufferBps(address account, bytes32 marketId) external view returns (uint256) {
        Market memory m = _knownMarket(marketId);
        return AccountRisk.bufferBps(_s.risk, m.volBpsPerSqrtHour, AccountRisk.slowestRoute(_s, routes, account));
    }

    /// @inheritdoc IAccountEngine
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparator();
    }

    /// @inheritdoc IAccountEngine
    function market(bytes32 marketId) external view returns (Market memory) {
        return _s.markets[marketId];
    }

    /// @inheritdoc IAccountEngine
    function marketState(bytes32 marketId) external view returns (MarketState memory) {
        return _s.marketStates[marketId];
    }

    /// @inheritdoc IAccountEngine
    function collateral(uint256 chainId, address token) external view returns (Collateral memory) {
        return _s.collaterals[_s.collateralIndex[chainId][token]];
    }

    /// @inheritdoc IAccountEngine
    function originRoute(uint256 chainId) external view returns (bytes32) {
        return _s.originRoutes[chainId];
    }

    /// @inheritdoc IAccountEngine
    function risk() external view returns (RiskParams memory) {
        return _s.risk;
    }

    /// @inheritdoc IAccountEngine
    function positionOf(address account, bytes32 marketId) external view returns (Position memory) {
        return _s.positions[account][_knownMarket(marketId).index];
    }

    /// @inheritdoc IAccountEngine
    function collateralOf(address account, uint256 chainId, address token) external view returns (uint256) {
        uint8 index = _s.collateralIndex[chainId][token];
        return index == 0 ? 0 : _s.ledger[account][index];
    }

    /// @inheritdoc IAccountEngine
    function cashOf(address account) external view returns (int256) {
        return _s.accounts[account].cash;
    }

    /// @inheritdoc IAccountEngine
    function frontedOf(address account) external view returns (uint256) {
        return _s.fronted[account];
    }

    /// @inheritdoc IAccountEngine
    function nonceUsed(address account, uint256 nonce) external view returns (bool) {
        return UnorderedNonces.isUsed(_s.nonces[account], nonce);
    }

    /// @inheritdoc IAccountEngine
    function depositOf(bytes32 orderId) external view returns (DepositRecord memory) {
        return _s.deposits[orderId];
    }

    /// @inheritdoc IAccountEngine
    function cashPaidOut() external view returns (uint256) {
        return _s.cashPaidOut;
    }

    // ---------------------------------------------------------------- internal

    /// @dev Deadline, then the signature by the rule, then the nonce (spent only by a valid action).
    function _authorize(address account, uint256 nonce, uint32 deadline, bytes32 digest, bytes calldata signature)
        internal
    {
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
        SignatureRule.check(account, digest, signature);
        UnorderedNonces.use(_s.nonces[account], account, nonce);
    }

    /// @dev The submitter's fee, settlement-token units, moves from the account's cash to its own.
    function _payRelayer(bytes32 digest, address account, uint256 relayerFee, uint256 maxRelayerFee) internal {
        if (relayerFee > maxRelayerFee) revert RelayerFeeAboveMax(relayerFee, maxRelayerFee);
        if (relayerFee != 0) AccountLedger.moveCash(_s, account, msg.sender, relayerFee * SCALE);
        emit ActionRelayed(digest, account, msg.sender, relayerFee);
    }

    function _trade(address account, bytes32 marketId, int256 sizeDelta, uint256 limitPrice, uint32 maxLeverageBps)
        internal
    {
        AccountTrading.trade(_s, routes, ORACLE, account, marketId, sizeDelta, limitPrice, maxLeverageBps);
    }

    function _withdraw(
        bytes32 withdrawalId,
        address account,
        uint256 chainId,
        address token,
        uint256 amount,
        address to,
        uint16 maxFastFeeBps
    ) internal {
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert InvalidRecipient();
        bool local = chainId == block.chainid;
        if (local) {
            if (token != address(SETTLEMENT)) revert NotSettlementToken(token);
            int256 cash = _freeCash(account);
            if (cash < 0 || uint256(cash) < amount * SCALE) revert InsufficientCash(account, cash, amount);
            AccountLedger.payCash(_s, account, amount * SCALE);
        } else {
            uint8 index = _s.collateralIndex[chainId][token];
            if (index == 0) revert UnknownCollateral(chainId, token);
            AccountLedger.debit(_s, account, index, amount);
        }
        _checkWithdrawal(account);
        emit WithdrawalRequested(withdrawalId, account, chainId, token, amount, to, maxFastFeeBps);
        if (local) return LiquidityPool(pool).pay(to, amount);
        _send(
            _s.originRoutes[chainId],
            chainId,
            AccountMessages.release(withdrawalId, account, token, amount, to, maxFastFeeBps)
        );
    }

    /// @dev No debt (after the relayer's fee, counting no front as cash), and with positions open, equity ≥ initial margin +
    /// buffer at fresh prices. Without positions nothing is at risk: cash ≥ 0 and collateral ≥ 0.
    function _checkWithdrawal(address account) internal view {
        int256 cash = _freeCash(account);
        if (cash < 0) revert OutstandingDebt(account, uint256(-cash));
        if (_s.accounts[account].markets == 0) return;
        Health memory h = AccountRisk.healthOf(_s, routes, ORACLE, account, true);
        if (h.equity < int256(h.initial)) revert InsufficientMargin(h.equity, h.initial);
    }

    /// @dev Cash less the outstanding fronts: a front is credit to trade on, never to withdraw.
    function _freeCash(address account) internal view returns (int256) {
        return int256(_s.accounts[account].cash) - int256(_s.fronted[account]);
    }

    /// @dev Pays the price update out of the call's budget (the oracle refunds what it does not use).
    function _updatePrices(bytes[] calldata priceUpdate) internal {
        if (priceUpdate.length == 0) return;
        uint256 before = address(this).balance;
        ORACLE.update{value: _budget}(priceUpdate);
        _budget -= before - address(this).balance;
    }

    function _knownMarket(bytes32 marketId) internal view returns (Market memory m) {
        m = _s.markets[marketId];
        if (m.feedId == bytes32(0)) revert UnknownMarket(marketId);
    }

    function _domainSeparator() internal view returns (bytes32) {
        if (block.chainid == CACHED_CHAIN_ID) return CACHED_DOMAIN_SEPARATOR;
        return AccountActionsLib.domainSeparator(block.chainid, address(this));
    }
}
