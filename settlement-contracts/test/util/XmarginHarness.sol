// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockPyth} from "@pythnetwork/pyth-sdk-solidity/MockPyth.sol";
import {ISignatureTransfer} from "permit2/src/interfaces/ISignatureTransfer.sol";
import {CollateralVault} from "../../src/CollateralVault.sol";
import {IntentVerifier} from "../../src/IntentVerifier.sol";
import {MarginEngine} from "../../src/MarginEngine.sol";
import {SolverRegistry} from "../../src/SolverRegistry.sol";
import {GaslessCrossChainOrder} from "../../src/interfaces/IERC7683.sol";
import {IMarginEngine} from "../../src/interfaces/IMarginEngine.sol";
import {IMessenger} from "../../src/interfaces/IMessenger.sol";
import {PythOracle} from "../../src/oracle/PythOracle.sol";
import {LiquidityPool} from "../../src/pool/LiquidityPool.sol";
import {HyperlaneHarness} from "./HyperlaneHarness.sol";
import {IntentBuilder} from "./IntentBuilder.sol";
import {OrderHasher} from "./OrderHasher.sol";
import {Permit2Deployer} from "./Permit2Deployer.sol";
import {TestToken} from "./TestToken.sol";

/// @title XmarginHarness
/// @notice The whole protocol on two chains in one forge EVM: the origin (31337) with canonical
/// Permit2, WETH collateral, the SolverRegistry and the CollateralVault; the destination (31338) with
/// Pyth's MockPyth behind the PythOracle adapter, a 6-decimal USD settlement token, the MarginEngine and
/// its LP pool; Hyperlane's real Mailboxes and multisig ISMs between them (HyperlaneHarness). Tests read
/// as a trader, a solver and a keeper taking turns.
abstract contract XmarginHarness is HyperlaneHarness {
    bytes32 internal constant ETH_FEED = keccak256("ETH/USD");
    uint256 internal constant TRADER_KEY = 0xA11CE;
    uint256 internal constant MIN_BOND = 100 ether;
    uint256 internal constant SLASH = 50 ether;

    address internal trader = vm.addr(TRADER_KEY);
    address internal solver = makeAddr("solver");
    address internal otherSolver = makeAddr("otherSolver");
    address internal keeper = makeAddr("keeper");
    address internal lp = makeAddr("lp");
    address internal insurance = makeAddr("insurance");

    TestToken internal weth;
    TestToken internal bondToken;
    SolverRegistry internal registry;
    CollateralVault internal vault;
    TestToken internal usd;
    MockPyth internal pyth;
    PythOracle internal oracle;
    MarginEngine internal engine;
    LiquidityPool internal pool;
    OrderHasher internal hasher = new OrderHasher();
    uint256 internal nextNonce = 1;

    function setUp() public virtual override {
        super.setUp();
        _deployDestination();
        onOrigin();
        _deployOrigin();
        onDestination();
        engine.setPeer(ORIGIN_CHAIN_ID, address(vault));
        // WETH's address exists only now (the origin deploys after the destination).
        engine.setCollateral(ORIGIN_CHAIN_ID, address(weth), IMarginEngine.Collateral(ETH_FEED, 18, 500));
        onOrigin();
    }

    function _deployOrigin() internal {
        Permit2Deployer.deploy(vm);
        weth = new TestToken("WETH", 18);
        bondToken = new TestToken("BOND", 18);
        registry = new SolverRegistry(address(this), bondToken, MIN_BOND, 7 days, 5_000, insurance);
        vault = new CollateralVault(address(this), ISignatureTransfer(Permit2Deployer.PERMIT2), registry, SLASH);
        registry.setSettler(address(vault), true);
        vault.setPeer(DESTINATION_CHAIN_ID, address(engine));
        vault.setRoute(keccak256("hyperlane"), primaryRoute.originMessenger, fallbackRoute.originMessenger);

        weth.mint(trader, 100 ether);
        vm.prank(trader);
        weth.approve(Permit2Deployer.PERMIT2, type(uint256).max);
        _bondSolver(solver);
        _bondSolver(otherSolver);
    }

    function _bondSolver(address who) internal {
        bondToken.mint(who, MIN_BOND);
        vm.startPrank(who);
        bondToken.approve(address(registry), MIN_BOND);
        registry.bond(MIN_BOND);
        vm.stopPrank();
    }

    function _deployDestination() internal {
        onDestination();
        usd = new TestToken("USD", 6);
        pyth = new MockPyth(60, 0);
        oracle = new PythOracle(pyth, 60, 100);
        engine = new MarginEngine(address(this), usd, 6, oracle, new IntentVerifier());
        pool = new LiquidityPool(usd, address(engine));
        engine.setPool(pool);
        engine.setRoute(
            "hyperlane",
            IMarginEngine.Route({
                primary: IMessenger(address(primaryRoute.destinationMessenger)),
                fallbackMessenger: IMessenger(address(fallbackRoute.destinationMessenger)),
                messageSeconds: 12
            })
        );
        engine.setMarket(
            "ETH-USD",
            IMarginEngine.Market({
                feedId: ETH_FEED,
                maxLeverageBps: 200_000,
                maintenanceBps: 50,
                liquidationFeeBps: 50,
                volBpsPerSqrtHour: 80,
                skewScale: 1_000_000 ether
            })
        );
        _setEthPrice(3_000);

        usd.mint(lp, 10_000_000e6);
        vm.startPrank(lp);
        usd.approve(address(pool), type(uint256).max);
        pool.deposit(10_000_000e6, lp);
        vm.stopPrank();
        for (uint256 i; i < 3; i++) {
            address who = [solver, otherSolver, keeper][i];
            usd.mint(who, 1_000_000e6);
            vm.prank(who);
            usd.approve(address(engine), type(uint256).max);
        }
    }

    // ---------------------------------------------------------------- prices

    /// @notice Posts an ETH/USD price (whole dollars, ±0.05% confidence) on the destination.
    function _setEthPrice(uint256 dollars) internal {
        bytes[] memory update = _priceUpdate(dollars);
        uint256 chain = block.chainid;
        vm.chainId(DESTINATION_CHAIN_ID);
        pyth.updatePriceFeeds(update);
        vm.chainId(chain);
    }

    function _priceUpdate(uint256 dollars) internal view returns (bytes[] memory update) {
        update = new bytes[](1);
        int64 price = int64(int256(dollars * 1e8));
        update[0] = pyth.createPriceFeedUpdateData(
            ETH_FEED, price, uint64(dollars * 1e8 / 2_000), -8, price, 0, uint64(block.timestamp), 0
        );
    }

    // ---------------------------------------------------------------- a trader signs

    function _terms() internal returns (IntentBuilder.Terms memory terms) {
        terms = IntentBuilder.defaults(address(vault), address(engine), trader, address(weth), nextNonce++);
    }

    function _sign(IntentBuilder.Terms memory terms)
        internal
        view
        returns (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId)
    {
        (order,) = IntentBuilder.build(terms, block.timestamp);
        signature = IntentBuilder.sign(vm, hasher, TRADER_KEY, order);
        orderId = hasher.orderId(order);
    }

    // ---------------------------------------------------------------- a solver opens and fills

    function _open(address who, GaslessCrossChainOrder memory order, bytes memory signature) internal {
        onOrigin();
        vm.prank(who);
        vault.openFor(order, signature, "");
    }

    function _fill(address who, bytes32 orderId, GaslessCrossChainOrder memory order, bytes memory signature, uint16 feeBps)
        internal
    {
        onDestination();
        vm.prank(who);
        engine.fill(orderId, abi.encode(order), abi.encode(signature, feeBps, new bytes[](0)));
        onOrigin();
    }

    function _tryFill(address who, bytes32 orderId, GaslessCrossChainOrder memory order, bytes memory signature, uint16 feeBps)
        internal
        returns (bytes memory revertData)
    {
        onDestination();
        vm.prank(who);
        try engine.fill(orderId, abi.encode(order), abi.encode(signature, feeBps, new bytes[](0))) {}
        catch (bytes memory err) {
            revertData = err;
        }
        onOrigin();
    }

    // ---------------------------------------------------------------- shared steps of the unit and exploit suites

    /// @notice `solver` opens and fills a signed order at `feeBps`, then every message is relayed: the
    /// position is backed and the fee paid.
    function _openFillRelay(IntentBuilder.Terms memory terms, uint16 feeBps)
        internal
        returns (bytes32 orderId, GaslessCrossChainOrder memory order, bytes memory signature)
    {
        (order, signature, orderId) = _sign(terms);
        _open(solver, order, signature);
        _fill(solver, orderId, order, signature, feeBps);
        relayAll();
    }

    /// @notice Every balance an attack could move (collateral, settlement token and bond token of every
    /// party), to assert that a refused attack moved nothing.
    function _balanceSheet() internal view returns (uint256[] memory balances) {
        address[9] memory holders = [
            address(vault), address(engine), address(pool), address(registry), trader, solver, otherSolver, keeper, insurance
        ];
        balances = new uint256[](holders.length * 3);
        for (uint256 i; i < holders.length; i++) {
            balances[3 * i] = weth.balanceOf(holders[i]);
            balances[3 * i + 1] = usd.balanceOf(holders[i]);
            balances[3 * i + 2] = bondToken.balanceOf(holders[i]);
        }
    }
}
