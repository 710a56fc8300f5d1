// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RiskMath} from "../../../src/lib/RiskMath.sol";
import {IAccountEngine} from "../../../src/v2/interfaces/IAccountEngine.sol";
import {MarketState, Position, Trade, Withdraw} from "../../../src/v2/base/AccountTypes.sol";
import {AccountActionsLib} from "../../../src/v2/lib/AccountActionsLib.sol";
import {AccountMessages} from "../../../src/v2/lib/AccountMessages.sol";
import {SignatureRule} from "../../../src/v2/lib/SignatureRule.sol";
import {EngineHarness, OwnedWallet} from "./EngineHarness.sol";

/// Every signed action under fuzzing: `tradeFor` and `withdrawFor` with any fields and any signature,
/// for an EOA account and for a contract account (ERC-1271, `OwnedWallet`). A valid action applies
/// exactly once (its replay, under any encoding of its signature, reverts NonceUsed). Anything else
/// reverts with the engine's named error for the first check it fails, in the engine's order (deadline,
/// signature, nonce, relayer fee, then the action's own checks), and changes nothing: cash, position,
/// collateral, nonce bit, market state, tokens, messages. A signature authorizes only the action it was
/// made for: any field changed after signing, or another engine's domain, is refused.
contract AccountEngineFuzzTest is EngineHarness {
    uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 internal constant HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    /// @dev Spent by both accounts in setUp (invalidateNonces), so a fuzzed action may reuse it.
    uint256 internal constant SPENT_NONCE = 7;
    uint256 internal constant MID = 3_300 ether;

    OwnedWallet internal wallet;
    address internal recipient = makeAddr("recipient");

    /// @dev What an action may change, read before and after it.
    struct State {
        int256 cash;
        int256 relayerCash;
        int256 size;
        uint256 entry;
        uint256 collateral;
        bool nonceUsed;
        int256 skew;
        int256 netBasis;
        uint256 poolTokens;
        uint256 recipientTokens;
        uint32 messages;
    }

    /// @dev A trade's fuzzed fields (a struct keeps the test's stack small).
    struct TradeInput {
        int256 sizeDelta;
        uint256 limitPrice;
        uint32 maxLeverageBps;
        uint256 relayerFee;
        uint256 maxRelayerFee;
        uint256 nonce;
        /// @dev One in eight: the spent nonce.
        uint8 noncePick;
        uint256 deadline;
        /// @dev One in eight: a market the engine does not list.
        uint8 marketPick;
        bool contractAccount;
    }

    /// @dev A withdrawal's fuzzed fields, and a position the account may hold when it withdraws.
    struct WithdrawInput {
        uint8 chainPick;
        uint8 tokenPick;
        uint256 amount;
        uint8 recipientPick;
        uint16 maxFastFeeBps;
        uint256 relayerFee;
        uint256 maxRelayerFee;
        uint256 nonce;
        uint8 noncePick;
        uint256 deadline;
        uint256 position;
        /// @dev One in four: the account owes a debt from a losing close before it withdraws.
        uint8 debtPick;
        bool contractAccount;
    }

    /// Both accounts hold 2 WETH and ≈ 590 USD of cash from a closed winner (so a relayer's fee or a cash
    /// withdrawal is not always a debt); ETH is at 3,300, published now; nonce 7 is spent.
    function setUp() public override {
        super.setUp();
        wallet = new OwnedWallet(trader);
        _deposit(trader, 2 ether);
        _deposit(address(wallet), 2 ether);
        _directTrade(trader, 2 ether);
        _directTrade(address(wallet), 2 ether);
        _movePrice(3_300);
        _directTrade(trader, -2 ether);
        _directTrade(address(wallet), -2 ether);
        vm.prank(trader);
        engine.invalidateNonces(0, 1 << SPENT_NONCE);
        vm.prank(address(wallet));
        engine.invalidateNonces(0, 1 << SPENT_NONCE);
    }

    // ---------------------------------------------------------------- the fields

    /// Any size (±60 ETH: the margin limits lie inside), limit, leverage cap, relayer fee against its
    /// maximum, nonce (fresh or spent), deadline and market, for either account: the trade either applies
    /// once (position, skew, relayer's cash, nonce; margin after it) or reverts with the error of the
    /// first check it fails and changes nothing.
    function test_fuzz_tradeFor_appliesOnceOrRevertsNamed(TradeInput memory input) public {
        (Trade memory t, uint256 relayerFee) = _tradeOf(input);
        bytes memory signature = _sign(t);
        bytes memory expected = _expectedTradeError(t, relayerFee);
        State memory before = _state(t.account, t.nonce);
        vm.prank(relayer);
        try engine.tradeFor(t, signature, relayerFee, _noUpdate()) {
            assertEq(expected, "", "a trade the engine should refuse applied");
            _assertTradeApplied(t, relayerFee, before);
            _assertReplayRefused(t, signature, relayerFee);
        } catch (bytes memory err) {
            _assertTradeRefusedAsExpected(t, err, expected);
            _assertUnchanged(before, _state(t.account, t.nonce));
        }
    }

    /// Any origin or the destination, any token, amount, recipient, fast fee, relayer fee against its
    /// maximum, nonce and deadline, for either account, with or without a position open: the withdrawal
    /// either applies once (the ledger debited and RELEASE sent, or the cash paid by the pool; the
    /// relayer paid; equity still ≥ initial margin + buffer) or reverts with the error of the first check
    /// it fails and changes nothing.
    function test_fuzz_withdrawFor_appliesOnceOrRevertsNamed(WithdrawInput memory input) public {
        (Withdraw memory w, uint256 relayerFee) = _withdrawalOf(input);
        if (input.debtPick % 4 == 0) _loseCash(w.account);
        _tryOpen(w.account, bound(input.position, 0, 40 ether));
        bytes memory signature = _sign(w);
        bytes memory expected = _expectedWithdrawError(w, relayerFee);
        State memory before = _state(w.account, w.nonce);
        vm.deal(relayer, 1 ether);
        vm.prank(relayer);
        try engine.withdrawFor{value: 1 ether}(w, signature, relayerFee, _noUpdate()) {
            assertEq(expected, "", "a withdrawal the engine should refuse applied");
            _assertWithdrawalApplied(w, relayerFee, before);
            _assertReplayRefused(w, signature, relayerFee);
        } catch (bytes memory err) {
            if (expected.length == 0 && bytes4(err) == IAccountEngine.InsufficientMargin.selector) {
                (int256 equity, uint256 required) = abi.decode(_args(err), (int256, uint256));
                assertLt(equity, int256(required), "refused for margin only when equity after is short");
            } else {
                assertEq(err, expected, "the error names the first check the withdrawal fails");
            }
            _assertUnchanged(before, _state(w.account, w.nonce));
        }
    }

    function _tradeOf(TradeInput memory input) internal returns (Trade memory t, uint256 relayerFee) {
        t = _trade(0, 0, 0);
        t.account = input.contractAccount ? address(wallet) : trader;
        t.sizeDelta = bound(input.sizeDelta, -60 ether, 60 ether);
        t.limitPrice = bound(input.limitPrice, 3_200 ether, 3_400 ether);
        t.maxLeverageBps = uint32(bound(input.maxLeverageBps, 0, 300_000));
        t.maxRelayerFee = bound(input.maxRelayerFee, 0, 2e6);
        t.nonce = input.noncePick % 8 == 3 ? SPENT_NONCE : input.nonce;
        t.deadline = uint32(bound(input.deadline, block.timestamp - 20, block.timestamp + 60));
        if (input.marketPick % 8 == 3) t.market = "DOGE-USD";
        relayerFee = bound(input.relayerFee, 0, 1.2e6);
    }

    function _withdrawalOf(WithdrawInput memory input) internal returns (Withdraw memory w, uint256 relayerFee) {
        w = _withdrawal(0, address(0), 0);
        w.account = input.contractAccount ? address(wallet) : trader;
        // Collateral to its origin, cash here, or any of the nine pairs of chain and token.
        (w.chainId, w.token) = input.chainPick % 4 == 0
            ? (uint256(ORIGIN_CHAIN_ID), weth)
            : input.chainPick % 4 == 1
                ? (uint256(DESTINATION_CHAIN_ID), address(usd))
                : (
                    [uint256(ORIGIN_CHAIN_ID), DESTINATION_CHAIN_ID, 10][input.chainPick % 3],
                    [weth, address(usd), makeAddr("other token")][input.tokenPick % 3]
                );
        w.amount = w.token == address(usd) ? bound(input.amount, 0, 1_000e6) : bound(input.amount, 0, 3 ether);
        w.to = input.recipientPick % 8 == 0 ? address(0) : recipient;
        w.maxFastFeeBps = input.maxFastFeeBps;
        w.maxRelayerFee = bound(input.maxRelayerFee, 0, 2e6);
        w.nonce = input.noncePick % 8 == 3 ? SPENT_NONCE : input.nonce;
        w.deadline = uint32(bound(input.deadline, block.timestamp - 20, block.timestamp + 60));
        relayerFee = bound(input.relayerFee, 0, 1.2e6);
    }

    // ---------------------------------------------------------------- the signature

    /// A valid trade under a signature altered in any way (a flipped bit, the high-s twin, the 64-byte
    /// compact form, another length, another key, another engine's domain): an EOA account gets the
    /// rule's error for it and nothing is spent (the genuine signature still applies). A contract account
    /// decides by its own ERC-1271; whatever encoding it accepts applies once, and no other encoding of
    /// the same action replays it.
    function test_fuzz_tradeFor_onlyTheAccountsSignature(uint256 variant, uint256 seed, bool contractAccount) public {
        Trade memory t = _trade(0.1 ether, 3_400 ether, 30_000);
        if (contractAccount) t.account = address(wallet);
        (bytes memory signature, bytes memory expected) = _altered(variant, seed, hasher.hash(t), t.account);

        State memory before = _state(t.account, t.nonce);
        vm.prank(relayer);
        try engine.tradeFor(t, signature, 0.5e6, _noUpdate()) {
            assertEq(expected, "", "a signature the account's rule refuses authorized a trade");
            _assertTradeApplied(t, 0.5e6, before);
            _assertReplayRefused(t, _sign(t), 0.5e6);
        } catch (bytes memory err) {
            assertEq(err, expected, "the account gets the rule's error for its signature");
            _assertUnchanged(before, _state(t.account, t.nonce));
            bytes memory genuine = _sign(t);
            vm.prank(relayer);
            engine.tradeFor(t, genuine, 0.5e6, _noUpdate());
            _assertTradeApplied(t, 0.5e6, before);
        }
    }

    /// The same for a withdrawal.
    function test_fuzz_withdrawFor_onlyTheAccountsSignature(uint256 variant, uint256 seed, bool contractAccount)
        public
    {
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.5 ether);
        if (contractAccount) w.account = address(wallet);
        (bytes memory signature, bytes memory expected) = _altered(variant, seed, hasher.hash(w), w.account);

        State memory before = _state(w.account, w.nonce);
        vm.deal(relayer, 2 ether);
        vm.prank(relayer);
        try engine.withdrawFor{value: 1 ether}(w, signature, 0.5e6, _noUpdate()) {
            assertEq(expected, "", "a signature the account's rule refuses authorized a withdrawal");
            _assertWithdrawalApplied(w, 0.5e6, before);
            _assertReplayRefused(w, _sign(w), 0.5e6);
        } catch (bytes memory err) {
            assertEq(err, expected, "the account gets the rule's error for its signature");
            _assertUnchanged(before, _state(w.account, w.nonce));
            bytes memory genuine = _sign(w);
            vm.prank(relayer);
            engine.withdrawFor{value: 1 ether}(w, genuine, 0.5e6, _noUpdate());
            _assertWithdrawalApplied(w, 0.5e6, before);
        }
    }

    /// A trade's signature authorizes that trade only: change any one of its eight fields after signing
    /// and the engine refuses it (a deadline moved into the past by DeadlinePassed, anything else as a
    /// signature of another signer), spending nothing.
    function test_fuzz_tradeFor_signatureBindsEveryField(uint256 field, uint256 value, bool contractAccount) public {
        Trade memory t = _trade(0.1 ether, 3_400 ether, 30_000);
        if (contractAccount) t.account = address(wallet);
        bytes memory signature = _sign(t);
        Trade memory changed = _changed(t, field % 8, value);
        bytes memory expected = block.timestamp > changed.deadline
            ? abi.encodeWithSelector(IAccountEngine.DeadlinePassed.selector, changed.deadline, block.timestamp)
            : _signatureRefusal(changed.account, _digest(changed), signature);

        State memory before = _state(t.account, t.nonce);
        vm.prank(relayer);
        try engine.tradeFor(changed, signature, 0, _noUpdate()) {
            assertTrue(false, "a signature authorized a trade it was not made for");
        } catch (bytes memory err) {
            assertEq(err, expected, "a changed trade is refused");
        }
        _assertUnchanged(before, _state(t.account, t.nonce));
    }

    /// A withdrawal's signature authorizes that withdrawal only: change any one of its nine fields.
    function test_fuzz_withdrawFor_signatureBindsEveryField(uint256 field, uint256 value, bool contractAccount) public {
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.5 ether);
        if (contractAccount) w.account = address(wallet);
        bytes memory signature = _sign(w);
        Withdraw memory changed = _changed(w, field % 9, value);
        bytes memory expected = block.timestamp > changed.deadline
            ? abi.encodeWithSelector(IAccountEngine.DeadlinePassed.selector, changed.deadline, block.timestamp)
            : _signatureRefusal(changed.account, _digest(changed), signature);

        State memory before = _state(w.account, w.nonce);
        vm.deal(relayer, 1 ether);
        vm.prank(relayer);
        try engine.withdrawFor{value: 1 ether}(changed, signature, 0, _noUpdate()) {
            assertTrue(false, "a signature authorized a withdrawal it was not made for");
        } catch (bytes memory err) {
            assertEq(err, expected, "a changed withdrawal is refused");
        }
        _assertUnchanged(before, _state(w.account, w.nonce));
    }

    // ---------------------------------------------------------------- expected outcomes

    /// @dev The error of the first check the trade fails before its margin checks, or "" if it passes them.
    function _expectedTradeError(Trade memory t, uint256 relayerFee) internal view returns (bytes memory) {
        if (block.timestamp > t.deadline) {
            return abi.encodeWithSelector(IAccountEngine.DeadlinePassed.selector, t.deadline, block.timestamp);
        }
        if (lens.nonceUsed(t.account, t.nonce)) {
            return abi.encodeWithSelector(IAccountEngine.NonceUsed.selector, t.account, t.nonce);
        }
        if (relayerFee > t.maxRelayerFee) {
            return abi.encodeWithSelector(IAccountEngine.RelayerFeeAboveMax.selector, relayerFee, t.maxRelayerFee);
        }
        if (t.sizeDelta == 0) return abi.encodeWithSelector(IAccountEngine.ZeroSize.selector);
        bytes32 marketId = keccak256(bytes(t.market));
        if (marketId != ETH_USD) return abi.encodeWithSelector(IAccountEngine.UnknownMarket.selector, marketId);
        uint256 price = RiskMath.fillPrice(MID, lens.marketState(ETH_USD).skew, t.sizeDelta, 1_000_000 ether);
        bool isBuy = t.sizeDelta > 0;
        if (isBuy ? price > t.limitPrice : price < t.limitPrice) {
            return abi.encodeWithSelector(IAccountEngine.PriceBeyondLimit.selector, price, t.limitPrice, isBuy);
        }
        return "";
    }

    /// @dev A trade that passed every other check may still fail the margin checks, and then only if
    /// the equity after it, as the error reports it, is really short.
    function _assertTradeRefusedAsExpected(Trade memory t, bytes memory err, bytes memory expected) internal pure {
        if (expected.length != 0) {
            assertEq(err, expected, "the error names the first check the trade fails");
            return;
        }
        if (bytes4(err) == IAccountEngine.InsufficientMargin.selector) {
            (int256 equity, uint256 required) = abi.decode(_args(err), (int256, uint256));
            assertLt(equity, int256(required), "refused for margin only when equity after is short");
            return;
        }
        assertEq(bytes4(err), IAccountEngine.LeverageAboveMax.selector, "a trade within its limit fails only margin");
        (uint256 notional, int256 equityAfter, uint32 maxLeverageBps) =
            abi.decode(_args(err), (uint256, int256, uint32));
        assertEq(maxLeverageBps, t.maxLeverageBps, "against the signed cap");
        assertTrue(
            equityAfter <= 0 || notional * 10_000 > uint256(equityAfter) * maxLeverageBps, "refused only above the cap"
        );
    }

    /// @dev The error of the first check the withdrawal fails before its margin check, or "" if it passes them.
    function _expectedWithdrawError(Withdraw memory w, uint256 relayerFee) internal view returns (bytes memory) {
        if (block.timestamp > w.deadline) {
            return abi.encodeWithSelector(IAccountEngine.DeadlinePassed.selector, w.deadline, block.timestamp);
        }
        if (lens.nonceUsed(w.account, w.nonce)) {
            return abi.encodeWithSelector(IAccountEngine.NonceUsed.selector, w.account, w.nonce);
        }
        if (relayerFee > w.maxRelayerFee) {
            return abi.encodeWithSelector(IAccountEngine.RelayerFeeAboveMax.selector, relayerFee, w.maxRelayerFee);
        }
        if (w.amount == 0) return abi.encodeWithSelector(IAccountEngine.ZeroAmount.selector);
        if (w.to == address(0)) return abi.encodeWithSelector(IAccountEngine.InvalidRecipient.selector);
        int256 cash = lens.cashOf(w.account) - int256(relayerFee * SCALE);
        if (w.chainId == DESTINATION_CHAIN_ID) {
            if (w.token != address(usd)) {
                return abi.encodeWithSelector(IAccountEngine.NotSettlementToken.selector, w.token);
            }
            if (cash < int256(w.amount * SCALE)) {
                return abi.encodeWithSelector(IAccountEngine.InsufficientCash.selector, w.account, cash, w.amount);
            }
            cash -= int256(w.amount * SCALE);
        } else {
            if (w.chainId != ORIGIN_CHAIN_ID || w.token != weth) {
                return abi.encodeWithSelector(IAccountEngine.UnknownCollateral.selector, w.chainId, w.token);
            }
            uint256 held = lens.collateralOf(w.account, ORIGIN_CHAIN_ID, weth);
            if (w.amount > held) {
                return abi.encodeWithSelector(
                    IAccountEngine.InsufficientCollateral.selector, w.account, w.chainId, w.token, held, w.amount
                );
            }
        }
        if (cash < 0) {
            return abi.encodeWithSelector(IAccountEngine.OutstandingDebt.selector, w.account, uint256(-cash));
        }
        return "";
    }

    // ---------------------------------------------------------------- what an applied action did

    function _assertTradeApplied(Trade memory t, uint256 relayerFee, State memory before) internal view {
        State memory s = _state(t.account, t.nonce);
        assertTrue(s.nonceUsed, "the trade spent its nonce");
        assertEq(s.size, before.size + t.sizeDelta, "the position moved by the signed size");
        assertEq(s.skew, before.skew + t.sizeDelta, "and the market's skew with it");
        assertEq(s.relayerCash, before.relayerCash + int256(relayerFee * SCALE), "the relayer got its fee");
        assertEq(s.collateral, before.collateral, "a trade moves no collateral");
        assertEq(s.messages, before.messages, "a trade sends nothing");
        (int256 equity,, uint256 initial) = engine.health(t.account);
        assertGe(equity, int256(initial), "a trade that opens leaves equity at or above the initial margin");
    }

    function _assertWithdrawalApplied(Withdraw memory w, uint256 relayerFee, State memory before) internal view {
        State memory s = _state(w.account, w.nonce);
        assertTrue(s.nonceUsed, "the withdrawal spent its nonce");
        assertEq(s.relayerCash, before.relayerCash + int256(relayerFee * SCALE), "the relayer got its fee");
        if (w.chainId == DESTINATION_CHAIN_ID) {
            assertEq(s.cash, before.cash - int256((w.amount + relayerFee) * SCALE), "cash paid out and the fee");
            assertEq(s.recipientTokens, before.recipientTokens + w.amount, "the recipient got the cash");
            assertEq(s.poolTokens, before.poolTokens - w.amount, "from the pool");
            assertEq(s.messages, before.messages, "a cash withdrawal sends nothing");
        } else {
            assertEq(s.collateral, before.collateral - w.amount, "the ledger is debited");
            bytes memory release =
                AccountMessages.release(_digest(w), w.account, w.token, w.amount, w.to, w.maxFastFeeBps);
            assertEq(s.messages, before.messages + 1, "one message");
            assertEq(engine.sentOver(keccak256(abi.encode(w.chainId, keccak256(release)))), ROUTE, "RELEASE sent");
        }
        (int256 equity,, uint256 initial) = engine.health(w.account);
        assertGe(equity, int256(initial), "no withdrawal leaves equity below the initial margin");
    }

    function _assertReplayRefused(Trade memory t, bytes memory signature, uint256 relayerFee) internal {
        State memory before = _state(t.account, t.nonce);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.NonceUsed.selector, t.account, t.nonce));
        engine.tradeFor(t, signature, relayerFee, _noUpdate());
        _assertUnchanged(before, _state(t.account, t.nonce));
    }

    function _assertReplayRefused(Withdraw memory w, bytes memory signature, uint256 relayerFee) internal {
        State memory before = _state(w.account, w.nonce);
        vm.deal(relayer, 1 ether);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.NonceUsed.selector, w.account, w.nonce));
        engine.withdrawFor{value: 1 ether}(w, signature, relayerFee, _noUpdate());
        _assertUnchanged(before, _state(w.account, w.nonce));
    }

    function _state(address account, uint256 nonce) internal view returns (State memory s) {
        Position memory p = lens.positionOf(account, ETH_USD);
        MarketState memory m = lens.marketState(ETH_USD);
        s = State({
            cash: lens.cashOf(account),
            relayerCash: lens.cashOf(relayer),
            size: p.size,
            entry: p.entryPrice,
            collateral: lens.collateralOf(account, ORIGIN_CHAIN_ID, weth),
            nonceUsed: lens.nonceUsed(account, nonce),
            skew: m.skew,
            netBasis: m.netBasis,
            poolTokens: usd.balanceOf(address(pool)),
            recipientTokens: usd.balanceOf(recipient),
            messages: destinationChain.mailbox.nonce()
        });
    }

    function _assertUnchanged(State memory a, State memory b) internal pure {
        assertEq(b.cash, a.cash, "a refused action moved the account's cash");
        assertEq(b.relayerCash, a.relayerCash, "a refused action paid the relayer");
        assertEq(b.size, a.size, "a refused action moved the position");
        assertEq(b.entry, a.entry, "a refused action moved the entry price");
        assertEq(b.collateral, a.collateral, "a refused action moved collateral");
        assertEq(b.nonceUsed, a.nonceUsed, "a refused action spent its nonce");
        assertEq(b.skew, a.skew, "a refused action moved the skew");
        assertEq(b.netBasis, a.netBasis, "a refused action moved the pool's basis");
        assertEq(b.poolTokens, a.poolTokens, "a refused action moved the pool's tokens");
        assertEq(b.recipientTokens, a.recipientTokens, "a refused action paid someone");
        assertEq(b.messages, a.messages, "a refused action sent a message");
    }

    // ---------------------------------------------------------------- signatures

    /// @dev The trader's signature over the action `structHash`, altered as `variant` says, with the error
    /// the engine must give `account` for it ("" when the account's rule accepts it).
    function _altered(uint256 variant, uint256 seed, bytes32 structHash, address account)
        internal
        view
        returns (bytes memory signature, bytes memory expected)
    {
        bytes32 digest = AccountActionsLib.digest(engine.DOMAIN_SEPARATOR(), structHash);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(TRADER_KEY, digest);
        variant %= 6;
        if (variant == 0) {
            // One bit flipped anywhere in r ‖ s ‖ v.
            signature = abi.encodePacked(r, s, v);
            uint256 bit = seed % 520;
            signature[bit / 8] ^= bytes1(uint8(1 << (bit % 8)));
        } else if (variant == 1) {
            // The high-s twin: (r, n − s) with the other v recovers the same signer.
            signature = abi.encodePacked(r, bytes32(N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        } else if (variant == 2) {
            // EIP-2098 compact: r ‖ (v − 27) << 255 | s.
            signature = abi.encodePacked(r, bytes32(uint256(v - 27) << 255 | uint256(s)));
        } else if (variant == 3) {
            // Any other length, the genuine signature as its prefix (or cut short).
            bytes memory twice = abi.encodePacked(r, s, v, r, s, v);
            uint256 length = seed % 131;
            if (length == 65) length = 66;
            signature = new bytes(length);
            for (uint256 i; i < length; ++i) {
                signature[i] = twice[i];
            }
        } else if (variant == 4) {
            // Another key.
            uint256 key = bound(seed, 1, N - 1);
            if (key == TRADER_KEY) ++key;
            signature = _sign(key, digest);
        } else {
            // The trader's key, over the same action under another engine's or another chain's domain.
            bytes32 otherDomain = seed % 2 == 0
                ? AccountActionsLib.domainSeparator(block.chainid, address(uint160(seed >> 96)))
                : AccountActionsLib.domainSeparator(uint64(seed) == block.chainid ? 1 : uint64(seed), address(engine));
            signature = _sign(TRADER_KEY, AccountActionsLib.digest(otherDomain, structHash));
        }
        expected = _signatureRefusal(account, digest, signature);
    }

    /// @dev SignatureRule's verdict on `signature` of `signer` over `digest`: its error, or "" if valid.
    /// A signer with code answers ERC-1271 (OwnedWallet: raw ecrecover of its first 65 bytes by its owner).
    function _signatureRefusal(address signer, bytes32 digest, bytes memory signature)
        internal
        view
        returns (bytes memory)
    {
        if (signer.code.length != 0) {
            bool accepted = signature.length >= 65 && _recover(digest, signature) == trader && signer == address(wallet);
            return
                accepted ? bytes("") : abi.encodeWithSelector(SignatureRule.ContractSignatureRefused.selector, signer);
        }
        if (signature.length != 65) {
            return abi.encodeWithSelector(SignatureRule.SignatureLength.selector, signature.length);
        }
        (bytes32 s, uint8 v) = (_word(signature, 32), uint8(signature[64]));
        if (uint256(s) > HALF_N) return abi.encodeWithSelector(SignatureRule.SignatureHighS.selector, s);
        if (v != 27 && v != 28) return abi.encodeWithSelector(SignatureRule.SignatureV.selector, v);
        address recovered = _recover(digest, signature);
        if (recovered == signer && recovered != address(0)) return "";
        return abi.encodeWithSelector(SignatureRule.SignerMismatch.selector, recovered, signer);
    }

    function _recover(bytes32 digest, bytes memory signature) internal pure returns (address) {
        return ecrecover(digest, uint8(signature[64]), _word(signature, 0), _word(signature, 32));
    }

    function _word(bytes memory data, uint256 offset) internal pure returns (bytes32 w) {
        assembly ("memory-safe") {
            w := mload(add(add(data, 0x20), offset))
        }
    }

    // ---------------------------------------------------------------- changing one field

    function _changed(Trade memory t, uint256 field, uint256 value) internal view returns (Trade memory c) {
        c = Trade(
            t.account, t.market, t.sizeDelta, t.limitPrice, t.maxLeverageBps, t.maxRelayerFee, t.nonce, t.deadline
        );
        if (field == 0) c.account = _otherAccount(t.account, value);
        if (field == 1) c.market = vm.toString(value);
        if (field == 2) c.sizeDelta = int256(_other(uint256(t.sizeDelta), value));
        if (field == 3) c.limitPrice = _other(t.limitPrice, value);
        if (field == 4) c.maxLeverageBps = uint32(_other(t.maxLeverageBps, value % 2 ** 32));
        if (field == 5) c.maxRelayerFee = _other(t.maxRelayerFee, value);
        if (field == 6) c.nonce = _other(t.nonce, value);
        if (field == 7) c.deadline = uint32(_other(t.deadline, value % 2 ** 32));
    }

    function _changed(Withdraw memory w, uint256 field, uint256 value) internal view returns (Withdraw memory c) {
        c = Withdraw(
            w.account, w.chainId, w.token, w.amount, w.to, w.maxFastFeeBps, w.maxRelayerFee, w.nonce, w.deadline
        );
        if (field == 0) c.account = _otherAccount(w.account, value);
        if (field == 1) c.chainId = _other(w.chainId, value);
        if (field == 2) c.token = address(uint160(_other(uint160(w.token), value % 2 ** 160)));
        if (field == 3) c.amount = _other(w.amount, value);
        if (field == 4) c.to = address(uint160(_other(uint160(w.to), value % 2 ** 160)));
        if (field == 5) c.maxFastFeeBps = uint16(_other(w.maxFastFeeBps, value % 2 ** 16));
        if (field == 6) c.maxRelayerFee = _other(w.maxRelayerFee, value);
        if (field == 7) c.nonce = _other(w.nonce, value);
        if (field == 8) c.deadline = uint32(_other(w.deadline, value % 2 ** 32));
    }

    /// @dev Another account: the trader's other one (EOA ↔ its wallet) half the time, else any address.
    function _otherAccount(address account, uint256 value) internal view returns (address) {
        if (value % 2 == 0) return account == trader ? address(wallet) : trader;
        return address(uint160(_other(uint160(account), uint160(value))));
    }

    function _other(uint256 old, uint256 value) internal pure returns (uint256) {
        return value == old ? old ^ 1 : value;
    }

    // ---------------------------------------------------------------- helpers

    function _directTrade(address account, int256 sizeDelta) internal {
        vm.prank(account);
        engine.trade("ETH-USD", sizeDelta, sizeDelta > 0 ? type(uint256).max : 0, 1_000_000, _noUpdate());
    }

    /// @dev The account closes 30 ETH at a 1% loss (≈ 990 USD, more than its cash): it owes a debt.
    function _loseCash(address account) internal {
        _directTrade(account, 30 ether);
        _movePrice(3_267);
        _directTrade(account, -30 ether);
        assertLt(lens.cashOf(account), 0, "the account owes a debt");
    }

    /// @dev Opens a long of `size` if the account's margin allows it (the withdrawal then needs margin).
    function _tryOpen(address account, uint256 size) internal {
        if (size == 0) return;
        vm.prank(account);
        try engine.trade("ETH-USD", int256(size), type(uint256).max, 1_000_000, _noUpdate()) {} catch {}
    }

    function _args(bytes memory err) internal pure returns (bytes memory args) {
        args = new bytes(err.length - 4);
        for (uint256 i; i < args.length; ++i) {
            args[i] = err[i + 4];
        }
    }
}
