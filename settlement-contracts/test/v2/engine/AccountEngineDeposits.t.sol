// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessenger} from "../../../src/interfaces/IMessenger.sol";
import {IAccountEngine} from "../../../src/v2/interfaces/IAccountEngine.sol";
import {IMessageRoutes} from "../../../src/v2/interfaces/IMessageRoutes.sol";
import {CollateralConfig, DepositRecord, DepositStatus} from "../../../src/v2/base/AccountTypes.sol";
import {AccountMessages, DepositTrade} from "../../../src/v2/lib/AccountMessages.sol";
import {EngineHarness} from "./EngineHarness.sol";

/// DEPOSITED: accepted only from the peer vault over the route the trader signed, applied once per
/// orderId, credited to the ledger; a non-frontable deposit's trade runs on arrival or is skipped with
/// its reason, never reverting the delivery; a frontable deposit's credit waits.
contract AccountEngineDepositsTest is EngineHarness {
    function _attached(int256 sizeDelta, uint256 limitPrice) internal view returns (DepositTrade memory) {
        return DepositTrade({
            marketId: ETH_USD,
            sizeDelta: sizeDelta,
            limitPrice: limitPrice,
            maxLeverageBps: 30_000,
            fillDeadline: uint32(block.timestamp + 30)
        });
    }

    function _none() internal pure returns (DepositTrade memory none) {}

    function test_receiveMessage_creditsTheLedger() public {
        bytes memory payload = _depositPayload(trader, 2 ether, _none(), false);
        bytes32 orderId = keccak256(abi.encode("order", nextOrder - 1));
        vm.expectEmit(true, true, false, true, address(engine));
        emit IAccountEngine.DepositCredited(orderId, trader, ORIGIN_CHAIN_ID, weth, 2 ether);
        _deliver(payload);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether);
        assertEq(uint8(lens.depositOf(orderId).status), uint8(DepositStatus.Credited));
        assertEq(lens.accountOf(trader).collateral[0].chainId, ORIGIN_CHAIN_ID);
    }

    function test_receiveMessage_zeroAmountTakesNoCollateralEntry() public {
        _deliver(_depositPayload(trader, 0, _none(), false));
        assertEq(lens.accountOf(trader).collateral.length, 0);
    }

    function test_receiveMessage_copyOverTheFallbackIsANoOp() public {
        bytes memory payload = _depositPayload(trader, 2 ether, _none(), false);
        _deliver(payload);
        vm.prank(address(fallbackRoute.destinationMessenger));
        engine.receiveMessage(ORIGIN_CHAIN_ID, vault, 1, payload);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether);
    }

    /// Another payload for an order already applied changes nothing.
    function test_receiveMessage_secondPayloadOfAnOrderIgnored() public {
        bytes memory payload = _depositPayload(trader, 2 ether, _none(), false);
        _deliver(payload);
        nextOrder--;
        bytes memory other = _depositPayload(trader, 5 ether, _none(), false);
        vm.expectEmit(true, false, false, false, address(engine));
        emit IAccountEngine.DepositIgnored(keccak256(abi.encode("order", nextOrder - 1)));
        _deliver(other);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether);
    }

    /// A deposit lands only over the route the trader signed, and the early copy burns nothing.
    function test_receiveMessage_revertWhenOverAnotherRoute() public {
        address otherMessenger = makeAddr("otherMessenger");
        engine.setRoute("other", IMessageRoutes.Route(IMessenger(otherMessenger), IMessenger(address(0)), 60));
        bytes memory payload = _depositPayload(trader, 2 ether, _none(), false);
        vm.prank(otherMessenger);
        vm.expectRevert(abi.encodeWithSelector(IMessageRoutes.WrongRoute.selector, ROUTE, keccak256("other")));
        engine.receiveMessage(ORIGIN_CHAIN_ID, vault, 1, payload);
        _deliver(payload);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether);
    }

    function test_receiveMessage_revertWhenNotThePeer() public {
        bytes memory payload = _depositPayload(trader, 2 ether, _none(), false);
        vm.prank(address(primaryRoute.destinationMessenger));
        vm.expectRevert(abi.encodeWithSelector(IMessageRoutes.UntrustedPeer.selector, ORIGIN_CHAIN_ID, trader));
        engine.receiveMessage(ORIGIN_CHAIN_ID, trader, 1, payload);
    }

    function test_receiveMessage_revertWhenNotAMessenger() public {
        bytes memory payload = _depositPayload(trader, 2 ether, _none(), false);
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(IMessageRoutes.UntrustedMessenger.selector, trader));
        engine.receiveMessage(ORIGIN_CHAIN_ID, vault, 1, payload);
    }

    function test_receiveMessage_revertWhenUnknownKind() public {
        vm.prank(address(primaryRoute.destinationMessenger));
        vm.expectRevert(abi.encodeWithSelector(AccountMessages.UnknownKind.selector, AccountMessages.RELEASE));
        engine.receiveMessage(ORIGIN_CHAIN_ID, vault, 1, AccountMessages.release(0, trader, weth, 1, trader, 0));
    }

    function test_receiveMessage_revertWhenUnknownCollateral() public {
        engine.setPeer(10, vault);
        bytes memory payload = _depositPayload(trader, 2 ether, _none(), false);
        vm.prank(address(primaryRoute.destinationMessenger));
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.UnknownCollateral.selector, 10, weth));
        engine.receiveMessage(10, vault, 1, payload);
    }

    function test_receiveMessage_frontableCreditWaits() public {
        bytes memory payload = _depositPayload(trader, 2 ether, _attached(1 ether, 3_100 ether), true);
        bytes32 orderId = keccak256(abi.encode("order", nextOrder - 1));
        _deliver(payload);
        DepositRecord memory record = lens.depositOf(orderId);
        assertEq(uint8(record.status), uint8(DepositStatus.Pending));
        assertEq(record.amount, 2 ether);
        assertEq(record.account, trader);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 0, "outside equity until filled");
        assertEq(lens.positionOf(trader, ETH_USD).size, 0);
    }

    function test_receiveMessage_runsTheAttachedTrade() public {
        _deliver(_depositPayload(trader, 2 ether, _attached(1 ether, 3_100 ether), false));
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether);
        assertEq(lens.positionOf(trader, ETH_USD).size, 1 ether);
    }

    function test_receiveMessage_skipsAnExpiredTrade() public {
        bytes memory payload = _depositPayload(trader, 2 ether, _attached(1 ether, 3_100 ether), false);
        bytes32 orderId = keccak256(abi.encode("order", nextOrder - 1));
        uint32 deadline = uint32(block.timestamp + 30);
        skip(31);
        _setPrice(ETH_FEED, 3_000);
        vm.expectEmit(true, true, false, true, address(engine));
        emit IAccountEngine.DepositTradeSkipped(
            orderId,
            trader,
            abi.encodeWithSelector(IAccountEngine.DepositTradeExpired.selector, deadline, block.timestamp)
        );
        _deliver(payload);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether, "credited all the same");
        assertEq(lens.positionOf(trader, ETH_USD).size, 0);
    }

    function test_receiveMessage_skipsATradeBeyondItsLimit() public {
        bytes memory payload = _depositPayload(trader, 2 ether, _attached(1 ether, 2_000 ether), false);
        bytes32 orderId = keccak256(abi.encode("order", nextOrder - 1));
        vm.expectEmit(true, true, false, true, address(engine));
        emit IAccountEngine.DepositTradeSkipped(
            orderId,
            trader,
            abi.encodeWithSelector(
                IAccountEngine.PriceBeyondLimit.selector, _fillPrice(3_000 ether, 0, 1 ether), 2_000 ether, true
            )
        );
        _deliver(payload);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether);
    }

    function test_receiveMessage_skipsATradeOnAStalePrice() public {
        skip(6);
        _deliver(_depositPayload(trader, 2 ether, _attached(1 ether, 3_100 ether), false));
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether);
        assertEq(lens.positionOf(trader, ETH_USD).size, 0);
    }

    function test_executeDepositTrade_revertWhenNotSelf() public {
        DepositTrade memory t = _attached(1 ether, 3_100 ether);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.OnlySelf.selector, address(this)));
        engine.executeDepositTrade(trader, t);
    }

    function test_receiveMessage_revertWhenNinthCollateral() public {
        for (uint256 i; i < 8; ++i) {
            address token = makeAddr(string.concat("token", vm.toString(i)));
            engine.setCollateral(ORIGIN_CHAIN_ID, token, CollateralConfig(ETH_FEED, 18, 500));
            _deliver(_depositPayload(trader, token, 1 ether, _none(), false));
        }
        vm.prank(address(primaryRoute.destinationMessenger));
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.AccountCollateralsFull.selector, trader, 8));
        engine.receiveMessage(ORIGIN_CHAIN_ID, vault, 1, _depositPayload(trader, 1 ether, _none(), false));
    }

    // ---------------------------------------------------------------- over Hyperlane

    /// The vault's DEPOSITED through the real Mailbox, multisig ISM and HyperlaneMessenger.
    function test_receiveMessage_overHyperlane() public {
        bytes memory payload = _depositPayload(trader, 2 ether, _attached(1 ether, 3_100 ether), false);
        onOrigin();
        vm.prank(vault);
        primaryRoute.originMessenger.sendMessage(DESTINATION_CHAIN_ID, address(engine), payload);
        onDestination();
        assertEq(relayAll(), 1);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether);
        assertEq(lens.positionOf(trader, ETH_USD).size, 1 ether, "the attached trade ran on arrival");
    }
}
