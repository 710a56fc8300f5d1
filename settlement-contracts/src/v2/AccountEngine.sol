// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {GaslessCrossChainOrder} from "../interfaces/IERC7683.sol";
import {IMessageReceiver} from "../interfaces/IMessageReceiver.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {IAccountEngine} from "./interfaces/IAccountEngine.sol";
import {IAccountPool} from "./interfaces/IAccountPool.sol";
import {Extsload} from "./base/Extsload.sol";
import {MessageRoutes} from "./base/MessageRoutes.sol";
import {EngineStorage, EngineStorageSlot} from "./base/AccountStorage.sol";
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
import {AccountDebt} from "./lib/AccountDebt.sol";
import {AccountDeposits} from "./lib/AccountDeposits.sol";
import {AccountLedger} from "./lib/AccountLedger.sol";
import {AccountLiquidation} from "./lib/AccountLiquidation.sol";
import {AccountMessages, DepositTrade} from "./lib/AccountMessages.sol";
import {AccountPoolClaim} from "./lib/AccountPoolClaim.sol";
import {AccountRisk} from "./lib/AccountRisk.sol";
import {AccountTrading} from "./lib/AccountTrading.sol";
import {PackedIndexList} from "./lib/PackedIndexList.sol";
import {SignatureRule} from "./lib/SignatureRule.sol";
import {UnorderedNonces} from "./lib/UnorderedNonces.sol";

/// @title AccountEngine
/// @notice The destination core of protocol v2. See IAccountEngine. Entry points and configuration
/// here; the logic lives in libraries over one storage layout (AccountStorage): AccountTrading,
/// AccountRisk, AccountLedger. Reads beyond `health` go through AccountLens over `extsload`.
contract AccountEngine is IAccountEngine, IMessageReceiver, MessageRoutes, Extsload {
    using SafeERC20 for IERC20;
    using PackedIndexList for uint64;

    uint256 internal constant BPS = 10_000;
    /// @dev A seizure takes at most 20% beyond the debt it pays.
    uint256 internal constant MAX_KEEPER_BONUS_BPS = 2_000;

    IERC20 public immutable SETTLEMENT;
    IPriceOracle public immutable ORACLE;
    /// @dev 10^(18 − settlement decimals): wad USD per settlement-token unit (the token is a USD coin).
    uint256 internal immutable SCALE;
    uint256 internal immutable CACHED_CHAIN_ID;
    bytes32 internal immutable CACHED_DOMAIN_SEPARATOR;

    address public pool;

    constructor(address owner_, IERC20 settlement, uint8 settlementDecimals, IPriceOracle oracle) Ownable(owner_) {
        SETTLEMENT = settlement;
        SCALE = 10 ** (18 - settlementDecimals);
        ORACLE = oracle;
        CACHED_CHAIN_ID = block.chainid;
        CACHED_DOMAIN_SEPARATOR = AccountActionsLib.domainSeparator(block.chainid, address(this));
        _store().risk = RiskParams({
            zX100: 300,
            detectSeconds: 2,
            execSeconds: 2,
            seizeSeconds: 0,
            collateralPriceAge: 10,
            keeperBonusBps: 500,
            liquidatorShareBps: 5_000
        });
    }

    // ---------------------------------------------------------------- configuration (owner)

    /// @inheritdoc IAccountEngine
    function setPool(address pool_) external onlyOwner {
        // The pool's claim (poolClaim) is the engine's whole history: a new pool would inherit the old
        // one's payouts, debts and open interest.
        if (!AccountPoolClaim.isUntouched(_store())) revert PoolInUse(pool);
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
        uint8 index = _store().markets[marketId].index;
        if (index == 0) {
            if (_store().marketCount == type(uint8).max) revert TooManyMarkets(type(uint8).max);
            index = ++_store().marketCount;
            _store().marketIds[index] = marketId;
        }
        _store().markets[marketId] = Market({
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
        if (_store().originRoutes[chainId] == bytes32(0)) revert NoOriginRoute(chainId);
        if (config.feedId == bytes32(0)) revert UnknownCollateral(chainId, token);
        uint8 index = _store().collateralIndex[chainId][token];
        if (index == 0) {
            if (_store().collateralCount == type(uint8).max) revert TooManyCollaterals(type(uint8).max);
            index = ++_store().collateralCount;
            _store().collateralIndex[chainId][token] = index;
        }
        _store().collaterals[index] = Collateral({
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
        _store().originRoutes[chainId] = routeId;
        emit OriginRouteSet(chainId, routeId);
    }

    /// @inheritdoc IAccountEngine
    function setRisk(RiskParams calldata risk_) external onlyOwner {
        if (risk_.keeperBonusBps > MAX_KEEPER_BONUS_BPS || risk_.liquidatorShareBps > BPS) revert InvalidRisk();
        _store().risk = risk_;
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
        if (!duplicate) AccountDeposits.onDeposited(_store(), SETTLEMENT, SCALE, originChainId, payload);
    }

    /// @inheritdoc IAccountEngine
    function executeDepositTrade(address account, DepositTrade calldata t) external {
        if (msg.sender != address(this)) revert OnlySelf(msg.sender);
        if (block.timestamp > t.fillDeadline) revert DepositTradeExpired(t.fillDeadline, block.timestamp);
        _trade(account, t.marketId, t.sizeDelta, t.limitPrice, t.maxLeverageBps, false);
    }

    /// @inheritdoc IAccountEngine
    function fillDeposit(GaslessCrossChainOrder calldata order, bytes calldata signature, bytes[] calldata priceUpdate)
        external
        payable
        paidByCaller
    {
        _updatePrices(priceUpdate);
        (bytes memory payload, bytes32 routeId) = AccountDeposits.fill(
            _store(), routes, peers, AccountDeposits.Env(ORACLE, SETTLEMENT, SCALE), order, signature
        );
        _send(routeId, order.originChainId, payload);
    }

    /// @inheritdoc IAccountEngine
    function expire(GaslessCrossChainOrder calldata order) external payable paidByCaller {
        (bytes memory payload, bytes32 routeId) = AccountDeposits.expire(_store(), peers, order);
        _send(routeId, order.originChainId, payload);
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
        // The fee is cash leaving the account, like a withdrawal: unless the account's own free cash
        // paid it, what is left must still cover the initial margin (a reducing trade alone checks nothing).
        _trade(
            action.account,
            keccak256(bytes(action.market)),
            action.sizeDelta,
            action.limitPrice,
            action.maxLeverageBps,
            relayerFee != 0
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
        _trade(msg.sender, keccak256(bytes(market_)), sizeDelta, limitPrice, maxLeverageBps, false);
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
        bytes32 withdrawalId = keccak256(abi.encode(block.chainid, address(this), ++_store().withdrawalCount));
        _withdraw(withdrawalId, msg.sender, chainId, token, amount, to, maxFastFeeBps);
    }

    /// @inheritdoc IAccountEngine
    function invalidateNonces(uint256 word, uint256 mask) external {
        _store().nonces[msg.sender][word] |= mask;
        emit NoncesInvalidated(msg.sender, word, mask);
    }

    // ---------------------------------------------------------------- keepers: liquidation and debt

    /// @inheritdoc IAccountEngine
    function liquidate(address account, bytes32 marketId, bytes[] calldata priceUpdate) external payable paidByCaller {
        _updatePrices(priceUpdate);
        AccountLiquidation.liquidate(_store(), routes, ORACLE, account, marketId);
    }

    /// @inheritdoc IAccountEngine
    function settleDebt(address account, uint256 chainId, address token, address to, bytes[] calldata priceUpdate)
        external
        payable
        paidByCaller
    {
        if (to == address(0)) revert InvalidRecipient();
        _updatePrices(priceUpdate);
        (bytes32 seizeId, uint256 seized) = AccountDebt.settle(_store(), routes, _debtEnv(), account, chainId, token);
        _send(_store().originRoutes[chainId], chainId, AccountMessages.seize(seizeId, account, token, seized, to));
    }

    /// @inheritdoc IAccountEngine
    function coverBadDebt(address account) external {
        AccountDebt.coverBadDebt(_store(), account);
    }

    /// @inheritdoc IAccountEngine
    function fundInsurance(uint256 amount) external {
        AccountDebt.fundInsurance(_store(), _debtEnv(), amount);
    }

    /// @inheritdoc IAccountEngine
    function claimOwed(address to) external {
        uint256 amount = _store().owed[msg.sender];
        if (amount == 0) revert NothingOwed(msg.sender);
        _store().owed[msg.sender] = 0;
        SETTLEMENT.safeTransfer(to, amount);
        emit OwedClaimed(msg.sender, to, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IAccountEngine
    function health(address account) external view returns (int256 equity, uint256 maintenance, uint256 initial) {
        Health memory h = AccountRisk.healthOf(_store(), routes, ORACLE, account, false);
        return (h.equity, h.maintenance, h.initial);
    }

    /// @inheritdoc IAccountEngine
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparator();
    }

    /// @inheritdoc IAccountEngine
    function poolClaim(bool fresh) external view returns (int256) {
        return AccountPoolClaim.claim(_store(), ORACLE, fresh);
    }

    // ---------------------------------------------------------------- internal

    /// @dev Deadline, then the signature by the rule, then the nonce (spent only by a valid action).
    function _authorize(address account, uint256 nonce, uint32 deadline, bytes32 digest, bytes calldata signature)
        internal
    {
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
        SignatureRule.check(account, digest, signature);
        UnorderedNonces.use(_store().nonces[account], account, nonce);
    }

    /// @dev The submitter's fee, settlement-token units, moves from the account's cash to its own.
    function _payRelayer(bytes32 digest, address account, uint256 relayerFee, uint256 maxRelayerFee) internal {
        if (relayerFee > maxRelayerFee) revert RelayerFeeAboveMax(relayerFee, maxRelayerFee);
        if (relayerFee != 0) AccountLedger.moveCash(_store(), account, msg.sender, relayerFee * SCALE);
        emit ActionRelayed(digest, account, msg.sender, relayerFee);
    }

    function _trade(
        address account,
        bytes32 marketId,
        int256 sizeDelta,
        uint256 limitPrice,
        uint32 maxLeverageBps,
        bool paidRelayer
    ) internal {
        AccountTrading.trade(
            _store(), routes, ORACLE, account, marketId, sizeDelta, limitPrice, maxLeverageBps, paidRelayer
        );
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
            AccountLedger.payCash(_store(), account, amount * SCALE);
        } else {
            uint8 index = _store().collateralIndex[chainId][token];
            if (index == 0) revert UnknownCollateral(chainId, token);
            AccountLedger.debit(_store(), account, index, amount);
        }
        _checkWithdrawal(account);
        emit WithdrawalRequested(withdrawalId, account, chainId, token, amount, to, maxFastFeeBps);
        if (local) return IAccountPool(pool).pay(to, amount);
        _send(
            _store().originRoutes[chainId],
            chainId,
            AccountMessages.release(withdrawalId, account, token, amount, to, maxFastFeeBps)
        );
    }

    /// @dev No debt (after the relayer's fee, counting no front as cash), and with positions open, equity ≥ initial margin +
    /// buffer at fresh prices. Without positions nothing is at risk: cash ≥ 0 and collateral ≥ 0.
    function _checkWithdrawal(address account) internal view {
        int256 cash = _freeCash(account);
        if (cash < 0) revert OutstandingDebt(account, uint256(-cash));
        if (_store().accounts[account].markets == 0) return;
        Health memory h = AccountRisk.healthOf(_store(), routes, ORACLE, account, true);
        if (h.equity < int256(h.initial)) revert InsufficientMargin(h.equity, h.initial);
    }

    /// @dev Cash less the outstanding fronts: a front is credit to trade on, never to withdraw.
    function _freeCash(address account) internal view returns (int256) {
        return AccountLedger.freeCash(_store(), account);
    }

    function _debtEnv() internal view returns (AccountDebt.Env memory) {
        return AccountDebt.Env(ORACLE, SETTLEMENT, SCALE, pool);
    }

    /// @dev Pays the price update out of the call's budget (the oracle refunds what it does not use).
    function _updatePrices(bytes[] calldata priceUpdate) internal {
        if (priceUpdate.length == 0) return;
        uint256 before = address(this).balance;
        ORACLE.update{value: _budget}(priceUpdate);
        _budget -= before - address(this).balance;
    }

    function _knownMarket(bytes32 marketId) internal view returns (Market memory m) {
        m = _store().markets[marketId];
        if (m.feedId == bytes32(0)) revert UnknownMarket(marketId);
    }

    /// @dev The engine's one storage, at its ERC-7201 slot.
    function _store() private pure returns (EngineStorage storage) {
        return EngineStorageSlot.layout();
    }

    function _domainSeparator() internal view returns (bytes32) {
        if (block.chainid == CACHED_CHAIN_ID) return CACHED_DOMAIN_SEPARATOR;
        return AccountActionsLib.domainSeparator(block.chainid, address(this));
    }
}
