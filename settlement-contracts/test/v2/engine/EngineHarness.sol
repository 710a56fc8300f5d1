// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockPyth} from "@pythnetwork/pyth-sdk-solidity/MockPyth.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {IMessenger} from "../../../src/interfaces/IMessenger.sol";
import {PythOracle} from "../../../src/oracle/PythOracle.sol";
import {LiquidityPool} from "../../../src/pool/LiquidityPool.sol";
import {AccountEngine} from "../../../src/v2/AccountEngine.sol";
import {AccountLens} from "../../../src/v2/lens/AccountLens.sol";
import {IMessageRoutes} from "../../../src/v2/interfaces/IMessageRoutes.sol";
import {CollateralConfig, MarketConfig, Trade, Withdraw} from "../../../src/v2/base/AccountTypes.sol";
import {AccountActionsLib} from "../../../src/v2/lib/AccountActionsLib.sol";
import {AccountMessages, Deposit, DepositTrade} from "../../../src/v2/lib/AccountMessages.sol";
import {HyperlaneHarness} from "../../util/HyperlaneHarness.sol";
import {BlacklistToken} from "../../util/BlacklistToken.sol";

/// @notice Cheatcodes newer than the bundled forge-std's Vm interface (forge 1.x has them).
interface VmExtra {
    function expectPartialRevert(bytes4 selector) external;
    function snapshotGasLastCall(string calldata group, string calldata name) external returns (uint256);
}

/// @notice AccountActionsLib's hashes take calldata, as the engine does; tests reach them through this.
contract ActionHasher {
    function hash(Trade calldata t) external pure returns (bytes32) {
        return AccountActionsLib.hash(t);
    }

    function hash(Withdraw calldata w) external pure returns (bytes32) {
        return AccountActionsLib.hash(w);
    }
}

/// @notice A contract account (ERC-1271) that accepts whatever its owner key signed.
contract OwnedWallet is IERC1271 {
    address internal immutable OWNER;

    constructor(address owner_) {
        OWNER = owner_;
    }

    function isValidSignature(bytes32 digest, bytes calldata signature) external view returns (bytes4) {
        (uint8 v, bytes32 r, bytes32 s) = (uint8(signature[64]), bytes32(signature[0:32]), bytes32(signature[32:64]));
        return ecrecover(digest, v, r, s) == OWNER ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}

/// @title EngineHarness
/// @notice The v2 AccountEngine on the destination (31338) of two Hyperlane chains in one EVM
/// (HyperlaneHarness): MockPyth behind the v1 PythOracle, a 6-decimal USD settlement token, the LP
/// pool, route "hyperlane" (12 s) to the origin (31337), whose vault is the address `vault` and whose
/// WETH is collateral (5% haircut). Market ETH-USD: 20× max, 0.5% maintenance, 0.5% liquidation fee,
/// σ 80 bps/√h, 5 bps trading fee, prices at most 5 s old for a trade.
abstract contract EngineHarness is HyperlaneHarness {
    bytes32 internal constant ETH_FEED = keccak256("ETH/USD");
    bytes32 internal constant ETH_USD = keccak256("ETH-USD");
    bytes32 internal constant ROUTE = keccak256("hyperlane");
    uint256 internal constant TRADER_KEY = 0xA11CE;
    uint256 internal constant SCALE = 1e12;

    address internal trader = vm.addr(TRADER_KEY);
    address internal relayer = makeAddr("relayer");
    address internal lp = makeAddr("lp");
    address internal vault = makeAddr("vault");
    address internal weth = makeAddr("weth");

    BlacklistToken internal usd;
    MockPyth internal pyth;
    PythOracle internal oracle;
    AccountEngine internal engine;
    AccountLens internal lens;
    LiquidityPool internal pool;
    VmExtra internal constant VMX = VmExtra(address(uint160(uint256(keccak256("hevm cheat code")))));
    ActionHasher internal hasher = new ActionHasher();
    uint256 internal nextNonce = 1;
    uint256 internal nextOrder = 1;

    function setUp() public virtual override {
        super.setUp();
        onDestination();
        vm.warp(1_800_000_000);
        usd = new BlacklistToken("USD", 6);
        pyth = new MockPyth(60, 0);
        oracle = new PythOracle(pyth, 60, 100);
        engine = new AccountEngine(address(this), usd, 6, oracle);
        lens = new AccountLens(engine);
        pool = new LiquidityPool(usd, address(engine));
        engine.setPool(address(pool));
        engine.setRoute(
            "hyperlane",
            IMessageRoutes.Route({
                primary: IMessenger(address(primaryRoute.destinationMessenger)),
                fallbackMessenger: IMessenger(address(fallbackRoute.destinationMessenger)),
                messageSeconds: 12
            })
        );
        engine.setPeer(ORIGIN_CHAIN_ID, vault);
        engine.setOriginRoute(ORIGIN_CHAIN_ID, "hyperlane");
        engine.setCollateral(ORIGIN_CHAIN_ID, weth, CollateralConfig(ETH_FEED, 18, 500));
        engine.setMarket("ETH-USD", _ethMarket());
        _setPrice(ETH_FEED, 3_000);

        usd.mint(lp, 10_000_000e6);
        vm.startPrank(lp);
        usd.approve(address(pool), type(uint256).max);
        pool.deposit(10_000_000e6, lp);
        vm.stopPrank();
    }

    function _ethMarket() internal pure returns (MarketConfig memory) {
        return MarketConfig({
            feedId: ETH_FEED,
            skewScale: 1_000_000 ether,
            maxLeverageBps: 200_000,
            maintenanceBps: 50,
            liquidationFeeBps: 50,
            volBpsPerSqrtHour: 80,
            tradingFeeBps: 5,
            maxTradePriceAge: 5
        });
    }

    // ---------------------------------------------------------------- prices

    /// @dev Posts a price (whole dollars, ±0.05% confidence) published now.
    function _setPrice(bytes32 feed, uint256 dollars) internal {
        pyth.updatePriceFeeds(_priceUpdate(feed, dollars));
    }

    /// @dev A new price one second later (MockPyth keeps only a later publish time).
    function _movePrice(uint256 dollars) internal {
        skip(1);
        _setPrice(ETH_FEED, dollars);
    }

    function _priceUpdate(bytes32 feed, uint256 dollars) internal view returns (bytes[] memory update) {
        update = new bytes[](1);
        int64 price = int64(int256(dollars * 1e8));
        update[0] = pyth.createPriceFeedUpdateData(
            feed, price, uint64(dollars * 1e8 / 2_000), -8, price, 0, uint64(block.timestamp), 0
        );
    }

    function _noUpdate() internal pure returns (bytes[] memory) {
        return new bytes[](0);
    }

    // ---------------------------------------------------------------- deposits

    function _depositPayload(address account, uint256 amount, DepositTrade memory trade, bool frontable)
        internal
        returns (bytes memory)
    {
        return _depositPayload(account, weth, amount, trade, frontable);
    }

    function _depositPayload(address account, address token, uint256 amount, DepositTrade memory trade, bool frontable)
        internal
        returns (bytes memory)
    {
        return AccountMessages.deposited(
            Deposit({
                orderId: keccak256(abi.encode("order", nextOrder++)),
                account: account,
                token: token,
                amount: amount,
                opener: makeAddr("opener"),
                routeId: ROUTE,
                frontable: frontable,
                trade: trade
            })
        );
    }

    /// @dev Delivers DEPOSITED as the route's primary messenger would (the Hyperlane path has its own test).
    function _deliver(bytes memory payload) internal {
        vm.prank(address(primaryRoute.destinationMessenger));
        engine.receiveMessage(ORIGIN_CHAIN_ID, vault, 1, payload);
    }

    function _deposit(address account, uint256 amount) internal {
        DepositTrade memory none;
        _deliver(_depositPayload(account, amount, none, false));
    }

    // ---------------------------------------------------------------- signed actions

    function _trade(int256 sizeDelta, uint256 limitPrice, uint32 maxLeverageBps) internal returns (Trade memory t) {
        t = Trade({
            account: trader,
            market: "ETH-USD",
            sizeDelta: sizeDelta,
            limitPrice: limitPrice,
            maxLeverageBps: maxLeverageBps,
            maxRelayerFee: 1e6,
            nonce: nextNonce++,
            deadline: uint32(block.timestamp + 60)
        });
    }

    function _withdrawal(uint256 chainId, address token, uint256 amount) internal returns (Withdraw memory w) {
        w = Withdraw({
            account: trader,
            chainId: chainId,
            token: token,
            amount: amount,
            to: trader,
            maxFastFeeBps: 10,
            maxRelayerFee: 1e6,
            nonce: nextNonce++,
            deadline: uint32(block.timestamp + 60)
        });
    }

    function _digest(Trade memory t) internal view returns (bytes32) {
        return AccountActionsLib.digest(engine.DOMAIN_SEPARATOR(), hasher.hash(t));
    }

    function _digest(Withdraw memory w) internal view returns (bytes32) {
        return AccountActionsLib.digest(engine.DOMAIN_SEPARATOR(), hasher.hash(w));
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _sign(Trade memory t) internal view returns (bytes memory) {
        return _sign(TRADER_KEY, _digest(t));
    }

    function _sign(Withdraw memory w) internal view returns (bytes memory) {
        return _sign(TRADER_KEY, _digest(w));
    }

    /// @dev The relayer submits `t` for `fee` (USD units) with no price update.
    function _relay(Trade memory t, uint256 fee) internal {
        bytes memory signature = _sign(t);
        vm.prank(relayer);
        engine.tradeFor(t, signature, fee, _noUpdate());
    }

    function _relay(Withdraw memory w, uint256 fee) internal {
        bytes memory signature = _sign(w);
        vm.deal(relayer, 1 ether);
        vm.prank(relayer);
        engine.withdrawFor{value: 1 ether}(w, signature, fee, _noUpdate());
    }

    /// @dev The fee a trade of `size` at `price` pays (5 bps, rounded up).
    function _fee(uint256 size, uint256 price) internal pure returns (uint256) {
        uint256 notional = size * price / 1e18;
        return (notional * 5 + 9_999) / 10_000;
    }

    function _fillPrice(uint256 oraclePrice, int256 skewBefore, int256 sizeDelta) internal pure returns (uint256) {
        int256 premium = int256(oraclePrice) * (skewBefore + sizeDelta / 2) / 1_000_000 ether;
        return uint256(int256(oraclePrice) + premium);
    }
}
