// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IPriceOracle} from "../../../src/interfaces/IPriceOracle.sol";
import {AccountPool} from "../../../src/v2/AccountPool.sol";
import {IAccountEngine} from "../../../src/v2/interfaces/IAccountEngine.sol";
import {IAccountPool} from "../../../src/v2/interfaces/IAccountPool.sol";
import {AccountPoolHarness} from "./AccountPoolHarness.sol";

/// The v2 LP pool against the real AccountEngine: requests, their delayed and permissionless
/// settlement at fresh prices, a share price that counts open PnL and unsettled debts, liquidity,
/// cancellation and rounding.
contract AccountPoolTest is AccountPoolHarness {
    // ---------------------------------------------------------------- requests and the delay

    function test_requestDeposit_holdsTokensAsideUntilSettled() public {
        uint256 assetsBefore = lpPool.totalAssets();
        usd.mint(alice, 1_000e6);
        vm.startPrank(alice);
        usd.approve(address(lpPool), 1_000e6);
        uint64 readyAt = uint64(block.timestamp + 5 minutes);
        vm.expectEmit(address(lpPool));
        emit IAccountPool.DepositRequested(2, alice, keeper, 1_000e6, readyAt);
        uint256 id = lpPool.requestDeposit(1_000e6, keeper);
        vm.stopPrank();

        assertEq(id, 2);
        assertEq(usd.balanceOf(address(lpPool)), SEED + 1_000e6, "the tokens came in now");
        assertEq(lpPool.pendingDepositAssets(), 1_000e6);
        assertEq(lpPool.freeAssets(), SEED);
        assertEq(lpPool.totalAssets(), assetsBefore, "but are not the LPs' until settled");
        IAccountPool.Request memory r = lpPool.requestOf(id);
        assertEq(r.owner, alice);
        assertEq(r.receiver, keeper);
        assertEq(r.amount, 1_000e6);
        assertEq(r.readyAt, readyAt);
        assertEq(uint8(r.kind), uint8(IAccountPool.RequestKind.Deposit));
    }

    function test_requestRedeem_locksSharesInThePool() public {
        uint256 shares = lpPool.balanceOf(seeder) / 2;
        uint256 supply = lpPool.totalSupply();
        vm.expectEmit(address(lpPool));
        emit IAccountPool.RedeemRequested(2, seeder, seeder, shares, uint64(block.timestamp + 5 minutes));
        uint256 id = _requestRedeem(seeder, shares);
        assertEq(lpPool.balanceOf(address(lpPool)), shares);
        assertEq(lpPool.totalSupply(), supply, "locked shares still count until settled");
        assertEq(uint8(lpPool.requestOf(id).kind), uint8(IAccountPool.RequestKind.Redeem));
    }

    function test_requestDeposit_revertWhenZero() public {
        vm.expectRevert(IAccountPool.ZeroAmount.selector);
        lpPool.requestDeposit(0, alice);
    }

    function test_requestRedeem_revertWhenNoReceiver() public {
        vm.prank(seeder);
        vm.expectRevert(IAccountPool.InvalidReceiver.selector);
        lpPool.requestRedeem(1, address(0));
    }

    function test_settle_revertWhenNotReady() public {
        uint256 id = _requestDeposit(alice, 1_000e6);
        uint64 readyAt = lpPool.requestOf(id).readyAt;
        vm.warp(readyAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IAccountPool.RequestNotReady.selector, id, readyAt, readyAt - 1));
        lpPool.settle(id, _noUpdate());

        vm.warp(readyAt);
        assertGt(lpPool.settle(id, _noUpdate()), 0, "ready at readyAt");
    }

    function test_settle_byAnyoneMintsToTheReceiver() public {
        usd.mint(alice, 1_000e6);
        vm.startPrank(alice);
        usd.approve(address(lpPool), 1_000e6);
        uint256 id = lpPool.requestDeposit(1_000e6, seeder);
        vm.stopPrank();
        uint256 expected = Math.mulDiv(1_000e6, lpPool.totalSupply() + VIRTUAL, SEED + 1);
        uint256 sharesBefore = lpPool.balanceOf(seeder);

        _waitFor(id);
        vm.expectEmit(address(lpPool));
        emit IAccountPool.RequestSettled(id, keeper, 1_000e6, expected);
        vm.prank(keeper);
        uint256 shares = lpPool.settle(id, _noUpdate());

        assertEq(shares, expected);
        assertEq(lpPool.balanceOf(seeder) - sharesBefore, shares, "the receiver got the shares");
        assertEq(lpPool.balanceOf(keeper), 0);
        assertEq(lpPool.pendingDepositAssets(), 0);
        assertEq(lpPool.totalAssets(), SEED + 1_000e6);
        assertEq(lpPool.requestOf(id).owner, address(0), "settled once");
        vm.expectRevert(abi.encodeWithSelector(IAccountPool.UnknownRequest.selector, id));
        lpPool.settle(id, _noUpdate());
    }

    function test_settle_redeemPaysTheReceiver() public {
        uint256 shares = lpPool.balanceOf(seeder) / 4;
        vm.prank(seeder);
        uint256 id = lpPool.requestRedeem(shares, alice);
        uint256 paid = _settle(id);
        assertEq(paid, Math.mulDiv(shares, SEED + 1, lpPool.totalSupply() + shares + VIRTUAL));
        assertEq(usd.balanceOf(alice), paid);
        assertEq(lpPool.balanceOf(address(lpPool)), 0, "the locked shares were burnt");
    }

    function test_setSettlementDelay_appliesToNewRequests() public {
        uint256 early = _requestDeposit(alice, 1e6);
        vm.expectEmit(address(lpPool));
        emit IAccountPool.SettlementDelaySet(1 hours);
        lpPool.setSettlementDelay(1 hours);
        uint256 late = _requestDeposit(alice, 1e6);
        assertEq(lpPool.requestOf(early).readyAt, block.timestamp + 5 minutes, "fixed when requested");
        assertEq(lpPool.requestOf(late).readyAt, block.timestamp + 1 hours);
    }

    function test_setSettlementDelay_revertWhenOutOfBounds() public {
        vm.expectRevert(abi.encodeWithSelector(IAccountPool.SettlementDelayOutOfBounds.selector, 59, 1 minutes, 7 days));
        lpPool.setSettlementDelay(59);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountPool.SettlementDelayOutOfBounds.selector, 7 days + 1, 1 minutes, 7 days)
        );
        lpPool.setSettlementDelay(7 days + 1);
    }

    function test_setSettlementDelay_revertWhenNotOwner() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        lpPool.setSettlementDelay(1 hours);
    }

    // ---------------------------------------------------------------- prices

    function test_settle_paysThePriceUpdateAndRefundsTheRest() public {
        _open(1 ether);
        uint256 id = _requestDeposit(alice, 1_000e6);
        _waitFor(id);
        bytes[] memory update = _priceUpdate(ETH_FEED, 3_000);
        // MockPyth's singleUpdateFeeInWei (slot 1): Pyth charges for every update.
        vm.store(address(pyth), bytes32(uint256(1)), bytes32(uint256(0.01 ether)));
        assertEq(pyth.getUpdateFee(update), 0.01 ether);

        vm.deal(keeper, 1 ether);
        vm.prank(keeper);
        lpPool.settle{value: 1 ether}(id, update);

        assertEq(address(pyth).balance, 0.01 ether, "the update was paid");
        assertEq(keeper.balance, 0.99 ether, "the rest went back to the settler");
        assertEq(address(lpPool).balance, 0);
        assertEq(oracle.quote(ETH_FEED).publishTime, block.timestamp, "the settlement's price");
    }

    function test_settle_refundsEtherSentWithoutAnUpdate() public {
        uint256 id = _requestDeposit(alice, 1_000e6);
        _waitFor(id);
        vm.deal(keeper, 1 ether);
        vm.prank(keeper);
        lpPool.settle{value: 1 ether}(id, _noUpdate());
        assertEq(keeper.balance, 1 ether);
    }

    /// With open interest the share price needs a price within the market's maxTradePriceAge (5 s).
    function test_settle_revertWhenPriceNotFresh() public {
        _open(1 ether);
        uint256 id = _requestDeposit(alice, 1_000e6);
        uint64 readyAt = lpPool.requestOf(id).readyAt;
        vm.warp(readyAt - 10);
        _setPrice(ETH_FEED, 3_000);
        vm.warp(readyAt);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.PriceNotFresh.selector, ETH_FEED, readyAt - 10, 5));
        lpPool.settle(id, _noUpdate());
        assertEq(lpPool.requestOf(id).owner, alice, "still pending");
    }

    function test_receive_revertWhenNotTheOracle() public {
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        (bool ok, bytes memory err) = address(lpPool).call{value: 1 ether}("");
        assertFalse(ok);
        assertEq(err, abi.encodeWithSelector(IAccountPool.UnexpectedEther.selector, alice));
    }

    // ---------------------------------------------------------------- the share price

    function test_totalAssets_countsAnOpenTraderLoss() public {
        _open(10 ether);
        uint256 entry = _fillPrice(3_000 ether, 0, 10 ether);
        _moveEth(2_900);
        int256 claim = int256(_fee(10 ether, entry)) + 10 * (int256(entry) - 2_900 ether);
        assertEq(engine.poolClaim(false), claim, "the open loss and the fee are the pool's");
        assertEq(lpPool.totalAssets(), SEED + uint256(claim) / SCALE, "in the share price before the close");

        // An LP leaving now takes its share of the open loss with it.
        uint256 half = lpPool.balanceOf(seeder) / 2;
        uint256 paid = _settle(_requestRedeem(seeder, half));
        assertApproxEqAbs(paid, (SEED + uint256(claim) / SCALE) / 2, 1);
    }

    function test_totalAssets_countsAnOpenTraderProfit() public {
        _open(10 ether);
        uint256 entry = _fillPrice(3_000 ether, 0, 10 ether);
        _moveEth(3_100);
        int256 claim = int256(_fee(10 ether, entry)) - 10 * (3_100 ether - int256(entry));
        assertEq(engine.poolClaim(false), claim);
        assertEq(lpPool.totalAssets(), SEED - Math.ceilDiv(uint256(-claim), SCALE), "rounded down");
    }

    /// An LP who leaves ahead of a trader's winning close gets no more than one who leaves after it:
    /// the open profit was already out of the share price; the close only adds its fee.
    function test_settle_leavingAheadOfAWinningCloseGainsNothing() public {
        _open(10 ether);
        _moveEth(3_100);
        uint256 quarter = lpPool.balanceOf(seeder) / 4;
        uint256 ahead = _requestRedeem(seeder, quarter);
        uint256 behind = _requestRedeem(seeder, quarter);

        uint256 paidAhead = _settle(ahead);
        assertLt(paidAhead, SEED / 4, "the open profit is already out of the share price");
        _open(-10 ether);
        int256 cash = lens.cashOf(trader);
        vm.prank(trader);
        engine.withdraw(block.chainid, address(usd), uint256(cash) / SCALE, trader, 0, _noUpdate());
        uint256 paidBehind = _settle(behind);

        assertGe(paidBehind, paidAhead, "leaving first was no better");
        assertLe(paidBehind - paidAhead, _fee(10 ether, 3_100 ether) / SCALE + 1, "the close added its fee only");
    }

    /// A realised loss is the pool's claim (and in the share price) before any token comes in.
    function test_totalAssets_countsADebtBeforeItIsPaid() public {
        int256 cash = _roundTrip(2_900);
        assertLt(cash, -1_000 ether, "a debt");
        assertEq(engine.poolClaim(false), -cash, "the pool's claim is the debt");
        assertEq(lpPool.totalAssets(), SEED + uint256(-cash) / SCALE, "counted in the share price");
        assertEq(usd.balanceOf(address(lpPool)), SEED, "though no token came in yet");
    }

    /// A keeper's settleDebt pays the counted debt into the pool: its tokens rise by what its claim
    /// falls, and the share price stays.
    function test_totalAssets_unchangedWhenADebtIsSettled() public {
        int256 cash = _roundTrip(2_900);
        SharePrice memory before = _sharePrice();
        usd.mint(keeper, 10_000e6);
        vm.deal(keeper, 1 ether);
        vm.startPrank(keeper);
        usd.approve(address(engine), type(uint256).max);
        engine.settleDebt{value: 1 ether}(trader, ORIGIN_CHAIN_ID, weth, keeper, _noUpdate());
        vm.stopPrank();

        assertEq(usd.balanceOf(address(lpPool)), SEED + Math.ceilDiv(uint256(-cash), SCALE), "the debt was paid in");
        SharePrice memory after_ = _sharePrice();
        assertEq(after_.assets, before.assets, "the value did not move");
        assertEq(after_.supply, before.supply);
    }

    /// The engine pays a trader's cash out of the pool and books it as paid: the share price stays.
    function test_pay_cashWithdrawalLeavesTheSharePrice() public {
        int256 cash = _roundTrip(3_100);
        assertGt(cash, 0, "a profit in cash");
        SharePrice memory before = _sharePrice();

        vm.prank(trader);
        engine.withdraw(block.chainid, address(usd), uint256(cash) / SCALE, trader, 0, _noUpdate());

        assertEq(usd.balanceOf(trader), uint256(cash) / SCALE, "the pool paid the trader");
        assertEq(usd.balanceOf(address(lpPool)), SEED - uint256(cash) / SCALE);
        SharePrice memory after_ = _sharePrice();
        assertEq(after_.assets, before.assets, "the value did not move");
        assertEq(after_.supply, before.supply);
    }

    function test_pay_revertWhenNotTheEngine() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAccountPool.NotEngine.selector, alice));
        lpPool.pay(alice, 1);
    }

    function test_pay_neverSpendsDepositsHeldAside() public {
        _requestDeposit(alice, 1_000e6);
        vm.prank(address(engine));
        vm.expectRevert(abi.encodeWithSelector(IAccountPool.InsufficientLiquidity.selector, SEED + 1, SEED));
        lpPool.pay(alice, SEED + 1);
    }

    // ---------------------------------------------------------------- liquidity and solvency

    /// The pool is owed a debt it does not hold yet: a redemption of everything waits for tokens.
    function test_settle_redemptionShortOfFreeTokensStaysPending() public {
        _roundTrip(2_900);
        uint256 shares = lpPool.balanceOf(seeder);
        uint256 id = _requestRedeem(seeder, shares);
        _waitFor(id);
        uint256 owed = Math.mulDiv(shares, uint256(lpPool.poolValue(false)) + 1, lpPool.totalSupply() + VIRTUAL);
        assertGt(owed, SEED, "worth more than the pool's tokens");

        bytes[] memory update = _priceUpdate(ETH_FEED, ethDollars);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IAccountPool.InsufficientLiquidity.selector, owed, SEED));
        lpPool.settle(id, update);
        assertEq(lpPool.requestOf(id).owner, seeder, "still pending");
        assertEq(lpPool.balanceOf(address(lpPool)), shares, "its shares still locked");

        // New liquidity lets it through, at a share price the deposit did not lower.
        _settle(_requestDeposit(alice, 10_000e6));
        uint256 paid = _settle(id);
        assertApproxEqAbs(paid, owed, 1);
        assertEq(usd.balanceOf(seeder), paid);
    }

    /// A trader's open profit beyond everything the pool holds: deposits are refunded (they would only
    /// fill the deficit) and redemptions wait for the pool to be solvent again.
    function test_settle_poolWorthNothing() public {
        uint256 keep = lpPool.convertToShares(1_000e6);
        _settle(_requestRedeem(seeder, lpPool.balanceOf(seeder) - keep));
        _open(10 ether);
        _moveEth(3_200);
        assertLt(lpPool.poolValue(false), 0, "traders are owed more than the pool holds");
        assertEq(lpPool.totalAssets(), 0, "floored at 0");

        uint256 id = _requestDeposit(alice, 5_000e6);
        vm.expectEmit(true, false, false, false, address(lpPool));
        emit IAccountPool.DepositRefunded(id, 0);
        assertEq(_settle(id), 0);
        assertEq(usd.balanceOf(alice), 5_000e6, "the deposit went back");
        assertEq(lpPool.balanceOf(alice), 0);
        assertEq(lpPool.pendingDepositAssets(), 0);

        uint256 last = _requestRedeem(seeder, keep);
        _waitFor(last);
        bytes[] memory update = _priceUpdate(ETH_FEED, ethDollars);
        VMX.expectPartialRevert(IAccountPool.PoolInsolvent.selector);
        lpPool.settle(last, update);
        assertEq(lpPool.requestOf(last).owner, seeder, "waits, its shares locked");
    }

    // ---------------------------------------------------------------- cancel

    function test_cancel_returnsTheDepositBeforeReady() public {
        uint256 id = _requestDeposit(alice, 1_000e6);
        skip(5 minutes - 1);
        vm.expectEmit(address(lpPool));
        emit IAccountPool.RequestCancelled(id);
        vm.prank(alice);
        lpPool.cancel(id);
        assertEq(usd.balanceOf(alice), 1_000e6);
        assertEq(lpPool.pendingDepositAssets(), 0);
        vm.expectRevert(abi.encodeWithSelector(IAccountPool.UnknownRequest.selector, id));
        lpPool.settle(id, _noUpdate());
    }

    function test_cancel_returnsTheSharesBeforeReady() public {
        uint256 shares = lpPool.balanceOf(seeder);
        uint256 id = _requestRedeem(seeder, shares);
        vm.prank(seeder);
        lpPool.cancel(id);
        assertEq(lpPool.balanceOf(seeder), shares);
        assertEq(lpPool.balanceOf(address(lpPool)), 0);
    }

    function test_cancel_revertWhenNotTheOwner() public {
        uint256 id = _requestDeposit(alice, 1_000e6);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IAccountPool.NotRequestOwner.selector, id, keeper));
        lpPool.cancel(id);
    }

    /// Once ready a request belongs to its settlement: cancelling then would be a free option on the price.
    function test_cancel_revertWhenReady() public {
        uint256 id = _requestDeposit(alice, 1_000e6);
        uint64 readyAt = lpPool.requestOf(id).readyAt;
        vm.warp(readyAt);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAccountPool.RequestAlreadyReady.selector, id, readyAt, readyAt));
        lpPool.cancel(id);
    }

    // ---------------------------------------------------------------- closed synchronous ERC-4626

    function test_maxFunctions_returnZero() public view {
        assertEq(lpPool.maxDeposit(alice), 0);
        assertEq(lpPool.maxMint(alice), 0);
        assertEq(lpPool.maxWithdraw(seeder), 0);
        assertEq(lpPool.maxRedeem(seeder), 0);
    }

    function test_synchronousEntryAndExit_revertDelayedSettlementOnly() public {
        usd.mint(alice, 1e6);
        vm.startPrank(alice);
        usd.approve(address(lpPool), 1e6);
        vm.expectRevert(IAccountPool.DelayedSettlementOnly.selector);
        lpPool.deposit(1e6, alice);
        vm.expectRevert(IAccountPool.DelayedSettlementOnly.selector);
        lpPool.mint(1e12, alice);
        vm.stopPrank();
        vm.startPrank(seeder);
        vm.expectRevert(IAccountPool.DelayedSettlementOnly.selector);
        lpPool.withdraw(1e6, seeder, seeder);
        vm.expectRevert(IAccountPool.DelayedSettlementOnly.selector);
        lpPool.redeem(1e12, seeder, seeder);
        vm.stopPrank();
        vm.expectRevert(IAccountPool.DelayedSettlementOnly.selector);
        lpPool.previewDeposit(1e6);
        vm.expectRevert(IAccountPool.DelayedSettlementOnly.selector);
        lpPool.previewRedeem(1e12);
    }

    // ---------------------------------------------------------------- rounding

    /// One share is worth a millionth of a unit: redeeming it pays 0, and the pool keeps the dust.
    function test_settle_redeemRoundsAssetsDown() public {
        SharePrice memory before = _sharePrice();
        assertEq(_settle(_requestRedeem(seeder, 1)), 0);
        _assertNotLower(before, _sharePrice());
    }

    /// At 1.5 units per million shares, 1 unit buys 666,666 shares, not 666,667.
    function test_settle_depositRoundsSharesDown() public {
        usd.mint(address(lpPool), SEED / 2);
        assertEq(_settle(_requestDeposit(alice, 1)), 666_666);
    }

    /// A deposit converts against the claim rounded up (in token units), a redemption against it rounded down.
    function test_settle_roundsTheClaimAgainstTheRequester() public {
        _open(1 ether);
        int256 claim = engine.poolClaim(false);
        assertGt(claim % int256(SCALE), 0, "a claim in fractions of a unit");
        uint256 up = SEED + Math.ceilDiv(uint256(claim), SCALE);
        uint256 down = SEED + uint256(claim) / SCALE;
        uint256 supply = lpPool.totalSupply();

        uint256 id = _requestDeposit(alice, 1_000e6);
        assertEq(_settle(id), Math.mulDiv(1_000e6, supply + VIRTUAL, up + 1), "deposit: claim rounded up");

        supply = lpPool.totalSupply();
        uint256 shares = lpPool.balanceOf(seeder) / 3;
        assertEq(
            _settle(_requestRedeem(seeder, shares)),
            Math.mulDiv(shares, down + 1_000e6 + 1, supply + VIRTUAL),
            "redeem: claim rounded down"
        );
    }

    // ---------------------------------------------------------------- fuzz

    /// Whatever the trader holds and the price does, settling a deposit or a redemption never lowers
    /// the share price.
    function test_fuzz_settlingNeverLowersTheSharePrice(
        int256 size,
        uint256 dollars,
        uint256 assets,
        uint256 redeemBps,
        bool redeemFirst
    ) public {
        size = bound(size, -10 ether, 10 ether);
        if (size == 0) size = 1 ether;
        dollars = bound(dollars, 2_700, 3_300);
        assets = bound(assets, 1, 10_000_000e6);
        redeemBps = bound(redeemBps, 1, 9_000);
        _open(size);
        _moveEth(dollars);
        uint256 deposit = _requestDeposit(alice, assets);
        uint256 redemption = _requestRedeem(seeder, Math.max(1, lpPool.balanceOf(seeder) * redeemBps / 10_000));
        _waitFor(redemption);
        _setPrice(ETH_FEED, ethDollars);

        SharePrice memory before = _sharePrice();
        lpPool.settle(redeemFirst ? redemption : deposit, _noUpdate());
        SharePrice memory middle = _sharePrice();
        _assertNotLower(before, middle);
        lpPool.settle(redeemFirst ? deposit : redemption, _noUpdate());
        _assertNotLower(middle, _sharePrice());
    }
}
