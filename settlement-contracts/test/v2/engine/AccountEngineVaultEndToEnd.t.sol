// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockPyth} from "@pythnetwork/pyth-sdk-solidity/MockPyth.sol";
import {GaslessCrossChainOrder} from "../../../src/interfaces/IERC7683.sol";
import {IMessenger} from "../../../src/interfaces/IMessenger.sol";
import {PythOracle} from "../../../src/oracle/PythOracle.sol";
import {LiquidityPool} from "../../../src/pool/LiquidityPool.sol";
import {AccountEngine} from "../../../src/v2/AccountEngine.sol";
import {AccountLens} from "../../../src/v2/lens/AccountLens.sol";
import {IAccountVault} from "../../../src/v2/interfaces/IAccountVault.sol";
import {IMessageRoutes} from "../../../src/v2/interfaces/IMessageRoutes.sol";
import {CollateralConfig, DepositStatus, MarketConfig} from "../../../src/v2/base/AccountTypes.sol";
import {AttachedTrade} from "../../../src/v2/base/DepositOrderTypes.sol";
import {AccountVaultHarness} from "../../util/AccountVaultHarness.sol";
import {DepositIntentBuilder} from "../../util/DepositIntentBuilder.sol";
import {TestToken} from "../../util/TestToken.sol";

/// The real AccountVault on the origin and the real AccountEngine on the destination, every message
/// through Hyperlane's real Mailbox: openFor → fillDeposit → FILLED (fee to the filler, reservation
/// released) → DEPOSITED (collateral credited, front repaid); and openFor → expire → EXPIRED (the
/// whole deposit back to the trader, the opener slashed) with DEPOSITED before it, ignored.
contract AccountEngineVaultEndToEndTest is AccountVaultHarness {
    bytes32 internal constant ETH_FEED = keccak256("ETH/USD");
    bytes32 internal constant ETH_USD = keccak256("ETH-USD");
    uint256 internal constant FEE_BPS = 2;

    TestToken internal usd;
    MockPyth internal pyth;
    AccountEngine internal accountEngine;
    AccountLens internal lens;
    LiquidityPool internal pool;

    function setUp() public override {
        super.setUp();
        onDestination();
        usd = new TestToken("USD", 6);
        pyth = new MockPyth(60, 0);
        accountEngine = new AccountEngine(address(this), usd, 6, new PythOracle(pyth, 60, 100));
        lens = new AccountLens(accountEngine);
        pool = new LiquidityPool(usd, address(accountEngine));
        accountEngine.setPool(address(pool));
        accountEngine.setRoute(
            "hyperlane",
            IMessageRoutes.Route({
                primary: IMessenger(address(primaryRoute.destinationMessenger)),
                fallbackMessenger: IMessenger(address(fallbackRoute.destinationMessenger)),
                messageSeconds: 12
            })
        );
        accountEngine.setPeer(ORIGIN_CHAIN_ID, address(vault));
        accountEngine.setOriginRoute(ORIGIN_CHAIN_ID, "hyperlane");
        accountEngine.setCollateral(ORIGIN_CHAIN_ID, address(weth), CollateralConfig(ETH_FEED, 18, 500));
        accountEngine.setMarket(
            "ETH-USD",
            MarketConfig({
                feedId: ETH_FEED,
                skewScale: 1_000_000 ether,
                maxLeverageBps: 200_000,
                maintenanceBps: 50,
                liquidationFeeBps: 50,
                volBpsPerSqrtHour: 80,
                tradingFeeBps: 5,
                maxTradePriceAge: 5
            })
        );
        usd.mint(solver, 1_000_000e6);
        vm.prank(solver);
        usd.approve(address(accountEngine), type(uint256).max);
        onOrigin();
        vault.setPeer(DESTINATION_CHAIN_ID, address(accountEngine));
    }

    function _setPrice(uint256 dollars) internal {
        bytes[] memory update = new bytes[](1);
        int64 price = int64(int256(dollars * 1e8));
        update[0] = pyth.createPriceFeedUpdateData(
            ETH_FEED, price, uint64(dollars * 1e8 / 2_000), -8, price, 0, uint64(block.timestamp), 0
        );
        pyth.updatePriceFeeds(update);
    }

    /// @dev The trader signs 2 WETH with a 1 ETH long attached; the solver opens it at 2 bps (the schedule's start).
    function _openFrontable() internal returns (GaslessCrossChainOrder memory order, bytes memory sig, bytes32 id) {
        DepositIntentBuilder.Terms memory t =
            DepositIntentBuilder.defaults(address(vault), address(accountEngine), trader, address(weth), nextNonce++);
        t.trade =
            AttachedTrade({market: "ETH-USD", sizeDelta: 1 ether, limitPrice: 3_100 ether, maxLeverageBps: 30_000});
        (order, sig, id) = _sign(t);
        vm.prank(solver);
        vault.openFor(order, sig, abi.encode(uint16(FEE_BPS)));
    }

    function test_openFor_fillDeposit_filled_deposited_frontRepaid() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _openFrontable();
        uint256 deposited = lastDispatch();
        holdBack(deposited); // DEPOSITED is slower than the fill
        uint256 solverWeth = weth.balanceOf(solver);
        uint256 solverUsd = usd.balanceOf(solver);

        onDestination();
        _setPrice(3_000);
        vm.prank(solver);
        accountEngine.fillDeposit(order, signature, new bytes[](0));
        assertEq(lens.positionOf(trader, ETH_USD).size, 1 ether, "the trade runs on the front");
        uint256 front = lens.depositOf(orderId).front;
        assertEq(usd.balanceOf(solver), solverUsd - front);

        assertEq(relayAll(), 1, "FILLED to the vault");
        assertEq(uint8(vault.orderOf(orderId).status), uint8(IAccountVault.Status.Settled));
        assertEq(weth.balanceOf(solver), solverWeth + 2 ether * FEE_BPS / 10_000, "the escrowed fee to the filler");
        assertEq(registry.reservedBy(address(vault), solver), 0, "its reservation released");

        release(deposited);
        assertEq(relayAll(), 1, "DEPOSITED to the engine");
        uint256 net = 2 ether - 2 ether * FEE_BPS / 10_000;
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, address(weth)), net);
        assertEq(vault.heldOf(DESTINATION_CHAIN_ID, trader, address(weth)), net, "the ledger mirrors the vault");
        assertEq(usd.balanceOf(solver), solverUsd, "the front repaid");
        assertEq(usd.balanceOf(address(accountEngine)), 0);
        assertEq(lens.frontedOf(trader), 0);
        assertEq(uint8(lens.depositOf(orderId).status), uint8(DepositStatus.Credited));
    }

    function test_openFor_deposited_expire_expired_refundAndSlash() public {
        uint256 traderWeth = weth.balanceOf(trader);
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _openFrontable();
        assertEq(relayAll(), 1, "DEPOSITED first: pending on the engine");
        assertEq(uint8(lens.depositOf(orderId).status), uint8(DepositStatus.Pending));
        uint256 slashable = registry.slashable(solver);

        skip(301);
        onDestination();
        accountEngine.expire(order);
        assertEq(relayAll(), 1, "EXPIRED to the vault");

        assertEq(uint8(vault.orderOf(orderId).status), uint8(IAccountVault.Status.Refunded));
        assertEq(weth.balanceOf(trader), traderWeth, "the whole deposit back to the trader");
        assertEq(registry.slashable(solver), slashable - SLASH, "the opener slashed");
        assertEq(vault.heldOf(DESTINATION_CHAIN_ID, trader, address(weth)), 0);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, address(weth)), 0, "never credited");
        assertEq(uint8(lens.depositOf(orderId).status), uint8(DepositStatus.Expired));
    }

    /// DEPOSITED after EXPIRED changes nothing either.
    function test_openFor_expire_expired_thenDepositedIgnored() public {
        uint256 traderWeth = weth.balanceOf(trader);
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _openFrontable();
        uint256 deposited = lastDispatch();
        holdBack(deposited);
        skip(301);
        onDestination();
        accountEngine.expire(order);
        assertEq(relayAll(), 1);
        assertEq(weth.balanceOf(trader), traderWeth);
        release(deposited);
        assertEq(relayAll(), 1);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, address(weth)), 0);
        assertEq(uint8(lens.depositOf(orderId).status), uint8(DepositStatus.Expired));
    }
}
