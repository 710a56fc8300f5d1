// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {MockPyth} from "@pythnetwork/pyth-sdk-solidity/MockPyth.sol";
import {PythStructs} from "@pythnetwork/pyth-sdk-solidity/PythStructs.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IMessenger} from "../../../src/interfaces/IMessenger.sol";
import {RiskMath} from "../../../src/lib/RiskMath.sol";
import {AccountEngine} from "../../../src/v2/AccountEngine.sol";
import {AccountLens} from "../../../src/v2/lens/AccountLens.sol";
import {EngineStorage, EngineStorageSlot} from "../../../src/v2/base/AccountStorage.sol";
import {
    AccountHeader,
    AccountView,
    CollateralConfig,
    MarketConfig,
    MarketState,
    Position,
    Trade,
    Withdraw
} from "../../../src/v2/base/AccountTypes.sol";
import {AccountActionsLib} from "../../../src/v2/lib/AccountActionsLib.sol";
import {AccountMessages, Deposit, DepositTrade} from "../../../src/v2/lib/AccountMessages.sol";
import {ActionHasher, EngineHarness, OwnedWallet} from "../engine/EngineHarness.sol";

/// Invariants of the v2 engine over accounts, under random sequences of deposits (some carrying a
/// trade), signed and direct trades on two markets, price moves within the oracle's rules (later
/// publish times only, steps of up to 5% and now and then a gap of up to 20%, never older than the
/// oracle's 60 s), withdrawals of collateral and of cash (signed or direct), nonce cancellations,
/// replays of applied actions, and a keeper's liquidations, debt settlements, bad-debt write-offs and
/// insurance donations.
///
/// Two campaigns, not five (each invariant function is a campaign of its own, and CI's 256 × 100 calls
/// must stay well under a minute on two cores). (1), (3) and (4) are one reading of every account,
/// checked together from one `extsload` of the words they need (the same words through the lens cost
/// more than twice as much); `afterInvariant` checks that reading against the lens. (2) and (5) are
/// checked by the handler as each action happens, and their counters here.
contract AccountEngineInvariants is EngineHarness {
    bytes32 internal constant BTC_FEED = keccak256("BTC/USD");
    bytes32 internal constant BTC_USD = keccak256("BTC-USD");
    uint256 internal constant LP_DEPOSIT = 10_000_000e6;
    /// @dev Indexes in order of listing: WETH and ETH-USD by EngineHarness, WBTC and BTC-USD here.
    uint8 internal constant WETH_INDEX = 1;
    uint8 internal constant WBTC_INDEX = 2;
    uint8 internal constant ETH_INDEX = 1;
    uint8 internal constant BTC_INDEX = 2;
    /// @dev EngineStorage: risk (slot 0), the counts (1), netCashPaid (2), insurance (3).
    uint256 internal constant INSURANCE_SLOT = uint256(EngineStorageSlot.SLOT) + 3;

    AccountEngineHandler internal handler;
    address internal wbtc = makeAddr("wbtc");
    address internal keeper = makeAddr("keeper");
    /// @dev The traders, then the relayer and the keeper (they hold cash only).
    address[] internal holders;

    /// @dev Every account read at once: Σ per (origin, token) of the ledger, Σ per market of the
    /// positions' sizes and the market's skew, Σ cash, Σ open PnL at the oracle's mid, open positions,
    /// the insurance fund.
    struct Books {
        uint256[2] collateral;
        int256[2] size;
        int256[2] skew;
        int256 cash;
        int256 pnl;
        uint256 open;
        uint256 insurance;
    }

    function setUp() public override {
        super.setUp();
        MarketConfig memory btc = _ethMarket();
        btc.feedId = BTC_FEED;
        btc.volBpsPerSqrtHour = 70;
        engine.setMarket("BTC-USD", btc);
        engine.setCollateral(ORIGIN_CHAIN_ID, wbtc, CollateralConfig(BTC_FEED, 8, 1_000));
        _setPrice(BTC_FEED, 60_000);
        usd.mint(keeper, 100_000_000e6);
        vm.prank(keeper);
        usd.approve(address(engine), type(uint256).max);

        handler = new AccountEngineHandler(
            AccountEngineHandler.Env({
                engine: engine,
                lens: lens,
                pyth: pyth,
                hasher: hasher,
                messenger: address(primaryRoute.destinationMessenger),
                vault: vault,
                weth: weth,
                wbtc: wbtc,
                relayer: relayer,
                keeper: keeper
            })
        );
        for (uint256 i; i < handler.accountCount(); ++i) {
            holders.push(handler.accountAt(i));
        }
        holders.push(relayer);
        holders.push(keeper);
        targetContract(address(handler));
    }

    // ---------------------------------------------------------------- invariants

    /// (1) Per (origin, token), the accounts' ledgers hold exactly what DEPOSITED credited less what the
    /// RELEASEs and SEIZEs the engine sent took out: no collateral appears or vanishes on its books.
    /// (3) Each market's skew is the sum of its positions' sizes: the premium every trader pays is
    /// computed from the open interest that really exists.
    /// (4) The pool's value, its tokens plus `poolClaim`, is the LPs' deposit plus what the traders lost
    /// net. From AccountPoolClaim, MarketState.netBasis and where cash moves: a fill (trade or
    /// liquidation) adds to netBasis the change in its position's basis (size × entry) less its cash
    /// delta; every other cash move is between accounts (relayer fees, a keeper's reward) or matched
    /// by netCashPaid (cash paid out, debts settled in, bad debt absorbed) or by the insurance fund
    /// (liquidation fees, donations, bad debt covered). So Σ cash + insurance + netCashPaid is the sum
    /// of the fills' cash deltas, and `poolClaim = netCashPaid + Σ netBasis − Σ skew × mid = −Σ cash −
    /// insurance − Σ PnL at mid`, exactly but for the rounding of each position's basis and PnL (< 1 wei
    /// each) and of each market's skew × mid. The pool's tokens are the LPs' deposit plus what keepers
    /// and donors paid in less the cash it paid out.
    function invariant_booksAddUp() public view {
        Books memory b = _books();
        AccountEngineHandler.Ghosts memory g = handler.ghosts();

        assertEq(
            b.collateral[0],
            g.credited[0] - g.released[0] - g.seized[0],
            "WETH ledger != deposits - releases - seizures"
        );
        assertEq(
            b.collateral[1],
            g.credited[1] - g.released[1] - g.seized[1],
            "WBTC ledger != deposits - releases - seizures"
        );

        assertEq(b.skew[0], b.size[0], "the ETH-USD skew differs from the open positions");
        assertEq(b.skew[1], b.size[1], "the BTC-USD skew differs from the open positions");

        uint256 tolerance = 2 * b.open + 2;
        uint256 poolTokens = usd.balanceOf(address(pool));
        int256 claim = engine.poolClaim(false);
        assertEq(
            poolTokens, LP_DEPOSIT + g.paidIn - g.cashPaidOut, "the pool's tokens differ from what moved in and out"
        );
        assertApproxEqAbs(
            claim, -b.cash - int256(b.insurance) - b.pnl, tolerance, "poolClaim != -(cash + insurance + open PnL)"
        );
        assertApproxEqAbs(
            int256(poolTokens * SCALE) + claim,
            int256((LP_DEPOSIT + g.paidIn - g.cashPaidOut) * SCALE) - b.cash - int256(b.insurance) - b.pnl,
            tolerance,
            "the pool's value is not the LPs' deposit plus the traders' net loss"
        );
    }

    /// (2) No withdrawal that went through left its account below initial margin + buffer (the handler
    /// reads `engine.health` right after each one).
    /// (5) A nonce is spent at most once: no signed action ran under a nonce already spent (by an action
    /// or a cancellation, replays included), and each one that ran reads as spent right after.
    function invariant_actionsKeepTheirRules() public view {
        AccountEngineHandler.Ghosts memory g = handler.ghosts();
        assertEq(g.withdrawalsBelowInitial, 0, "a withdrawal left an account below its initial margin");
        assertEq(g.nonceReuses, 0, "a signed action ran under a spent nonce");
        assertEq(g.noncesLeftUnspent, 0, "an applied action's nonce reads as unspent");
    }

    /// The fast reading of the books is the lens's, account by account.
    function afterInvariant() external view {
        Books memory b = _books();
        Books memory viaLens;
        for (uint256 i; i < holders.length; ++i) {
            AccountView memory v = lens.accountOf(holders[i]);
            viaLens.cash += v.cash;
            viaLens.collateral[0] += lens.collateralOf(holders[i], ORIGIN_CHAIN_ID, weth);
            viaLens.collateral[1] += lens.collateralOf(holders[i], ORIGIN_CHAIN_ID, wbtc);
            viaLens.size[0] += lens.positionOf(holders[i], ETH_USD).size;
            viaLens.size[1] += lens.positionOf(holders[i], BTC_USD).size;
        }
        assertEq(b.cash, viaLens.cash, "the books' cash differs from the lens");
        assertEq(b.collateral[0], viaLens.collateral[0], "the books' WETH differs from the lens");
        assertEq(b.collateral[1], viaLens.collateral[1], "the books' WBTC differs from the lens");
        assertEq(b.size[0], viaLens.size[0], "the books' ETH-USD positions differ from the lens");
        assertEq(b.size[1], viaLens.size[1], "the books' BTC-USD positions differ from the lens");
        assertEq(b.skew[0], lens.marketState(ETH_USD).skew, "the books' ETH-USD skew differs from the lens");
        assertEq(b.skew[1], lens.marketState(BTC_USD).skew, "the books' BTC-USD skew differs from the lens");
        assertEq(b.insurance, lens.insurance(), "the books' insurance differs from the lens");
    }

    // ---------------------------------------------------------------- the books in one read

    /// @dev Per holder: its header (cash), two ledger words and two positions; then both market states
    /// and the insurance fund. Slots from the engine's own EngineStorage definition, as AccountLens does.
    function _books() internal view returns (Books memory b) {
        uint256 n = holders.length;
        bytes32[] memory slots = new bytes32[](5 * n + 3);
        EngineStorage storage s = EngineStorageSlot.layout();
        for (uint256 i; i < n; ++i) {
            address a = holders[i];
            slots[5 * i] = _slot(s.accounts[a]);
            slots[5 * i + 1] = _ledgerSlot(s, a, WETH_INDEX);
            slots[5 * i + 2] = _ledgerSlot(s, a, WBTC_INDEX);
            slots[5 * i + 3] = _slot(s.positions[a][ETH_INDEX]);
            slots[5 * i + 4] = _slot(s.positions[a][BTC_INDEX]);
        }
        slots[5 * n] = _slot(s.marketStates[ETH_USD]);
        slots[5 * n + 1] = _slot(s.marketStates[BTC_USD]);
        slots[5 * n + 2] = bytes32(INSURANCE_SLOT);
        bytes32[] memory w = engine.extsload(slots);

        uint256[2] memory mids = [oracle.quote(ETH_FEED).mid, oracle.quote(BTC_FEED).mid];
        for (uint256 i; i < n; ++i) {
            b.cash += int128(uint128(uint256(w[5 * i]))); // AccountHeader.cash: the low 128 bits
            b.collateral[0] += uint256(w[5 * i + 1]);
            b.collateral[1] += uint256(w[5 * i + 2]);
            for (uint256 j; j < 2; ++j) {
                _addPosition(b, uint256(w[5 * i + 3 + j]), j, mids[j]);
            }
        }
        b.skew[0] = int128(uint128(uint256(w[5 * n]))); // MarketState.skew: the low 128 bits
        b.skew[1] = int128(uint128(uint256(w[5 * n + 1])));
        b.insurance = uint256(w[5 * n + 2]);
    }

    /// @dev A Position word: size (int128) in the low half, entry price above it.
    function _addPosition(Books memory b, uint256 word, uint256 market, uint256 mid) internal pure {
        int256 size = int128(uint128(word));
        if (size == 0) return;
        b.size[market] += size;
        b.pnl += RiskMath.pnl(size > 0, size > 0 ? uint256(size) : uint256(-size), word >> 128, mid);
        ++b.open;
    }

    function _ledgerSlot(EngineStorage storage s, address account, uint8 index) internal view returns (bytes32) {
        mapping(address => mapping(uint8 => uint256)) storage ledger = s.ledger;
        bytes32 base;
        assembly ("memory-safe") {
            base := ledger.slot
        }
        return keccak256(abi.encode(index, keccak256(abi.encode(account, base))));
    }

    function _slot(AccountHeader storage ref) internal pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            slot := ref.slot
        }
    }

    function _slot(Position storage ref) internal pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            slot := ref.slot
        }
    }

    function _slot(MarketState storage ref) internal pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            slot := ref.slot
        }
    }
}

/// @notice The fuzzer's only target: random actions of two EOA traders and a contract account
/// (ERC-1271, an OwnedWallet whose owner key signs for it), a relayer that submits their signed actions for a
/// fee, a keeper, and the oracle's publisher. It records what it delivered, what the engine sent and
/// what tokens moved, and checks each withdrawal's margin and each applied action's nonce right after.
contract AccountEngineHandler is Test {
    struct Env {
        AccountEngine engine;
        AccountLens lens;
        MockPyth pyth;
        ActionHasher hasher;
        address messenger;
        address vault;
        address weth;
        address wbtc;
        address relayer;
        address keeper;
    }

    /// @dev What the handler saw move, per collateral (WETH, WBTC) and in settlement-token units, and
    /// the rules it saw broken: withdrawals that left an account below its initial margin, signed actions
    /// that ran under a spent nonce, applied actions whose nonce reads as unspent.
    struct Ghosts {
        uint256[2] credited;
        uint256[2] released;
        uint256[2] seized;
        uint256 cashPaidOut;
        uint256 paidIn;
        uint256 withdrawalsBelowInitial;
        uint256 nonceReuses;
        uint256 noncesLeftUnspent;
    }

    uint256 internal constant ORIGIN = 31337;
    uint256 internal constant DESTINATION = 31338;
    bytes32 internal constant ROUTE = keccak256("hyperlane");
    bytes32 internal constant ETH_FEED = keccak256("ETH/USD");
    bytes32 internal constant BTC_FEED = keccak256("BTC/USD");
    bytes32 internal constant ETH_USD = keccak256("ETH-USD");
    bytes32 internal constant BTC_USD = keccak256("BTC-USD");
    uint256 internal constant SCALE = 1e12;
    /// @dev Nonces are drawn from two bitmap words, so actions collide with spent ones often.
    uint256 internal constant NONCES = 512;

    Env internal env;
    Ghosts internal g;
    address[] internal accounts;
    uint256[] internal keys;
    uint256 internal nextOrder = 1;

    bytes32 internal immutable DOMAIN_SEPARATOR;
    /// @dev The nonces the handler saw spent, as the engine keeps them: bit `n & 255` of word `n >> 8`.
    mapping(address account => mapping(uint256 word => uint256 bits)) internal spent;
    /// @dev Applied signed actions, to replay: what rebuilds each one (the signature is deterministic).
    Trade[] internal appliedTrades;
    Withdraw[] internal appliedWithdrawals;
    mapping(address account => uint256 i) internal keyIndex;

    constructor(Env memory env_) {
        env = env_;
        keys = [uint256(0xA11CE), 0xB0B, 0xCA7];
        accounts = [vm.addr(0xA11CE), vm.addr(0xB0B), address(new OwnedWallet(vm.addr(0xCA7)))];
        for (uint256 i; i < accounts.length; ++i) {
            keyIndex[accounts[i]] = i;
        }
        DOMAIN_SEPARATOR = env_.engine.DOMAIN_SEPARATOR();
    }

    // ---------------------------------------------------------------- traders

    /// A non-frontable DEPOSITED of WETH or WBTC, a third of them carrying a trade (run or skipped).
    function deposit(uint256 who, bool btc, uint256 amount, int256 tradeSize) external {
        address account = _account(who);
        amount = btc ? _bound(amount, 0.001e8, 0.2e8) : _bound(amount, 0.01 ether, 5 ether);
        DepositTrade memory attached;
        if (tradeSize % 3 == 0) {
            int256 max = btc ? int256(0.5 ether) : int256(10 ether);
            attached = DepositTrade({
                marketId: btc ? BTC_USD : ETH_USD,
                sizeDelta: _bound(tradeSize, -max, max),
                limitPrice: 0,
                maxLeverageBps: 200_000,
                fillDeadline: uint32(block.timestamp + 60)
            });
            if (attached.sizeDelta > 0) attached.limitPrice = type(uint256).max;
            if (attached.sizeDelta == 0) attached.marketId = bytes32(0);
        }
        bytes memory payload = AccountMessages.deposited(
            Deposit({
                orderId: keccak256(abi.encode("invariant order", nextOrder++)),
                account: account,
                token: btc ? env.wbtc : env.weth,
                amount: amount,
                opener: address(this),
                routeId: ROUTE,
                frontable: false,
                trade: attached
            })
        );
        vm.prank(env.messenger);
        env.engine.receiveMessage(ORIGIN, env.vault, 1, payload);
        g.credited[btc ? 1 : 0] += amount;
    }

    /// A trade on ETH-USD or BTC-USD, signed (relayed for a fee, maybe with a fresh price update) or direct.
    function trade(uint256 who, bool btc, int256 size, bool signed, uint256 nonce, uint256 fee, bool withUpdate)
        external
    {
        uint256 i = who % accounts.length;
        int256 sizeDelta = _size(accounts[i], btc ? BTC_FEED : ETH_FEED, size);
        if (sizeDelta == 0) return;
        string memory market = btc ? "BTC-USD" : "ETH-USD";
        uint256 limit = sizeDelta > 0 ? type(uint256).max : 0;
        if (!signed) {
            vm.prank(accounts[i]);
            try env.engine.trade(market, sizeDelta, limit, 200_000, new bytes[](0)) {} catch {}
            return;
        }
        Trade memory t = Trade({
            account: accounts[i],
            market: market,
            sizeDelta: sizeDelta,
            limitPrice: limit,
            maxLeverageBps: 200_000,
            maxRelayerFee: 1e6,
            nonce: nonce % NONCES,
            deadline: uint32(block.timestamp + 60)
        });
        bytes memory signature = _sign(t);
        bytes[] memory update =
            withUpdate ? _freshUpdate(btc ? BTC_FEED : ETH_FEED, _bound(int256(fee), -50, 50)) : new bytes[](0);
        bool wasSpent = _isSpent(t.account, t.nonce);
        vm.prank(env.relayer);
        try env.engine.tradeFor(t, signature, _bound(fee, 0, 1e6), update) {
            _applied(t.account, t.nonce, wasSpent);
            appliedTrades.push(t);
        } catch {}
    }

    /// A withdrawal of collateral to the origin (RELEASE), signed or direct.
    function withdrawCollateral(uint256 who, bool btc, uint256 amount, bool signed, uint256 nonce, uint256 fee)
        external
    {
        uint256 i = who % accounts.length;
        address token = btc ? env.wbtc : env.weth;
        uint256 held = env.lens.collateralOf(accounts[i], ORIGIN, token);
        if (held == 0) return;
        _withdraw(i, ORIGIN, token, _bound(amount, 1, held), signed, nonce, fee);
    }

    /// A withdrawal of cash, paid by the pool here; the relayer (index 3) withdraws its fees this way.
    function withdrawCash(uint256 who, uint256 amount, bool signed, uint256 nonce, uint256 fee) external {
        uint256 i = who % (accounts.length + 1);
        address account = i == accounts.length ? env.relayer : accounts[i];
        int256 cash = env.lens.cashOf(account);
        if (cash < int256(SCALE)) return;
        amount = _bound(amount, 1, uint256(cash) / SCALE);
        if (i == accounts.length) signed = false;
        _withdraw(i, DESTINATION, address(env.engine.SETTLEMENT()), amount, signed, nonce, fee);
    }

    /// The account cancels some of its nonces; an action under any of them must then be refused.
    function cancelNonces(uint256 who, bool secondWord, uint256 mask) external {
        address account = _account(who);
        uint256 word = secondWord ? 1 : 0;
        vm.prank(account);
        env.engine.invalidateNonces(word, mask);
        spent[account][word] |= mask;
    }

    /// Submits an applied signed action again, as it was signed.
    function replay(uint256 index, bool withdrawal) external {
        if (withdrawal && appliedWithdrawals.length != 0) {
            index %= appliedWithdrawals.length;
            Withdraw memory w = appliedWithdrawals[index];
            bytes memory signature = _sign(w);
            vm.deal(env.relayer, 1 ether);
            vm.prank(env.relayer);
            try env.engine.withdrawFor{value: 1 ether}(w, signature, 0, new bytes[](0)) {
                ++g.nonceReuses;
            } catch {}
        } else if (appliedTrades.length != 0) {
            index %= appliedTrades.length;
            Trade memory t = appliedTrades[index];
            bytes memory signature = _sign(t);
            vm.prank(env.relayer);
            try env.engine.tradeFor(t, signature, 0, new bytes[](0)) {
                ++g.nonceReuses;
            } catch {}
        }
    }

    // ---------------------------------------------------------------- the publisher and the keeper

    /// A publisher's update 1–5 s later, each feed moved by up to ±5%, or one time in eight by up to
    /// ±20% (a gap: what liquidations and bad debt are for). A feed left out keeps its age, but never past
    /// 20 s, so the oracle's 60 s limit never stops the reads.
    function movePrice(uint256 seconds_, int256 ethBps, int256 btcBps, uint8 skipMask, uint8 shock) external {
        skip(_bound(seconds_, 1, 5));
        int256 maxBps = shock < 32 ? int256(2_000) : int256(500);
        if (skipMask & 1 == 0 || block.timestamp - _published(ETH_FEED) > 20) {
            _post(ETH_FEED, _bound(ethBps, -maxBps, maxBps));
        }
        if (skipMask & 2 == 0 || block.timestamp - _published(BTC_FEED) > 20) {
            _post(BTC_FEED, _bound(btcBps, -maxBps, maxBps));
        }
    }

    /// The keeper, as a keeper bot would: liquidates a position of an account below maintenance,
    /// settles the debt of one that owes (against WETH or WBTC it holds), writes off a debt nothing backs
    /// any more, or donates to the insurance fund. With no account due, it tries a random one (and the
    /// engine refuses: AccountHealthy, NoDebt, NotBadDebt). It brings both prices published now.
    function keeper(uint256 who, uint8 job, bool btc, uint256 amount) external {
        job %= 4;
        if (job == 3) {
            amount = _bound(amount, 1, 10_000e6);
            vm.prank(env.keeper);
            env.engine.fundInsurance(amount);
            g.paidIn += amount;
            return;
        }
        address account = _due(job, who);
        if (job == 0) return _liquidate(account, btc);
        if (job == 1) return _settleDebt(account, btc);
        try env.engine.coverBadDebt(account) {} catch {}
    }

    // ---------------------------------------------------------------- views for the invariants

    function ghosts() external view returns (Ghosts memory) {
        return g;
    }

    function accountCount() external view returns (uint256) {
        return accounts.length;
    }

    function accountAt(uint256 i) external view returns (address) {
        return accounts[i];
    }

    // ---------------------------------------------------------------- internals

    /// @dev The first account (from a random one) that `job` applies to: below maintenance with a
    /// position (0), owing a debt (1, 2); else the random one.
    function _due(uint8 job, uint256 who) internal view returns (address) {
        for (uint256 k; k < accounts.length; ++k) {
            address account = accounts[(who % accounts.length + k) % accounts.length];
            if (job != 0) {
                if (env.lens.cashOf(account) < 0) return account;
                continue;
            }
            (int256 equity, uint256 maintenance,) = env.engine.health(account);
            if (equity < int256(maintenance)) return account;
        }
        return _account(who);
    }

    function _liquidate(address account, bool btc) internal {
        bytes32 marketId = btc ? BTC_USD : ETH_USD;
        if (env.lens.positionOf(account, marketId).size == 0) marketId = btc ? ETH_USD : BTC_USD;
        bytes[] memory update = _freshUpdates();
        vm.prank(env.keeper);
        try env.engine.liquidate(account, marketId, update) {} catch {}
    }

    function _settleDebt(address account, bool btc) internal {
        if (env.lens.collateralOf(account, ORIGIN, btc ? env.wbtc : env.weth) == 0) btc = !btc;
        bytes[] memory update = _freshUpdates();
        IERC20 usd = env.engine.SETTLEMENT();
        uint256 before = usd.balanceOf(env.keeper);
        vm.deal(env.keeper, 1 ether);
        vm.recordLogs();
        vm.prank(env.keeper);
        try env.engine.settleDebt{value: 1 ether}(account, ORIGIN, btc ? env.wbtc : env.weth, env.keeper, update) {
            g.paidIn += before - usd.balanceOf(env.keeper);
            _countMessages(vm.getRecordedLogs());
        } catch {}
    }

    function _withdraw(
        uint256 i,
        uint256 chainId,
        address token,
        uint256 amount,
        bool signed,
        uint256 nonce,
        uint256 fee
    ) internal {
        address account = i == accounts.length ? env.relayer : accounts[i];
        vm.deal(env.relayer, 1 ether);
        vm.deal(account, 1 ether);
        vm.recordLogs();
        bool ok;
        if (signed) {
            Withdraw memory w = Withdraw({
                account: account,
                chainId: chainId,
                token: token,
                amount: amount,
                to: account,
                maxFastFeeBps: 0,
                maxRelayerFee: 1e6,
                nonce: nonce % NONCES,
                deadline: uint32(block.timestamp + 60)
            });
            bytes memory signature = _sign(w);
            bool wasSpent = _isSpent(account, w.nonce);
            vm.prank(env.relayer);
            try env.engine.withdrawFor{value: 1 ether}(w, signature, _bound(fee, 0, 1e6), new bytes[](0)) {
                ok = true;
                _applied(account, w.nonce, wasSpent);
                appliedWithdrawals.push(w);
            } catch {}
        } else {
            vm.prank(account);
            try env.engine.withdraw{value: 1 ether}(chainId, token, amount, account, 0, new bytes[](0)) {
                ok = true;
            } catch {}
        }
        if (!ok) return;
        if (chainId == DESTINATION) g.cashPaidOut += amount;
        else _countMessages(vm.getRecordedLogs());
        (int256 equity,, uint256 initial) = env.engine.health(account);
        if (equity < int256(initial)) ++g.withdrawalsBelowInitial;
    }

    /// @dev Adds up the RELEASEs and SEIZEs the engine's messenger handed to Hyperlane in the last call.
    function _countMessages(Vm.Log[] memory logs) internal {
        for (uint256 k; k < logs.length; ++k) {
            Vm.Log memory log = logs[k];
            if (log.emitter != env.messenger || log.topics.length == 0) continue;
            if (log.topics[0] != IMessenger.MessageSent.selector) continue;
            (,, bytes memory payload) = abi.decode(log.data, (address, uint64, bytes));
            uint8 kind = uint8(payload[0]);
            if (kind != AccountMessages.RELEASE && kind != AccountMessages.SEIZE) continue;
            bytes memory fields = new bytes(payload.length - 1);
            for (uint256 b; b < fields.length; ++b) {
                fields[b] = payload[b + 1];
            }
            // RELEASE (id, account, token, amount, to, maxFastFeeBps) and SEIZE (id, account, token,
            // amount, to) agree on their first four fields.
            (,, address token, uint256 amount) = abi.decode(fields, (bytes32, address, address, uint256));
            uint256 c = token == env.wbtc ? 1 : 0;
            if (kind == AccountMessages.RELEASE) g.released[c] += amount;
            else g.seized[c] += amount;
        }
    }

    /// @dev A size up to 22× the account's free margin (equity beyond its initial margin) at the feed's
    /// price, either side: most trades that add risk fit, some do not, and accounts run close to 20×.
    function _size(address account, bytes32 feed, int256 seed) internal view returns (int256) {
        (int256 equity,, uint256 initial) = env.engine.health(account);
        if (equity <= int256(initial)) return _bound(seed, -0.01 ether, 0.01 ether);
        uint256 price = uint256(uint64(env.pyth.getPriceUnsafe(feed).price)) * 1e10;
        int256 cap = int256((uint256(equity) - initial) * 22 * 1e18 / price);
        return _bound(seed, -cap, cap);
    }

    function _applied(address account, uint256 nonce, bool wasSpent) internal {
        if (wasSpent) ++g.nonceReuses;
        spent[account][nonce >> 8] |= 1 << (nonce & 0xff);
        if (!env.lens.nonceUsed(account, nonce)) ++g.noncesLeftUnspent;
    }

    function _post(bytes32 feed, int256 moveBps) internal {
        env.pyth.updatePriceFeeds(_freshUpdate(feed, moveBps));
    }

    /// @dev Both feeds' stored prices published again now (as a keeper brings them).
    function _freshUpdates() internal view returns (bytes[] memory update) {
        bytes[] memory eth = _freshUpdate(ETH_FEED, 0);
        bytes[] memory btc = _freshUpdate(BTC_FEED, 0);
        update = new bytes[](eth.length + btc.length);
        if (eth.length != 0) update[0] = eth[0];
        if (btc.length != 0) update[eth.length] = btc[0];
    }

    /// @dev An update of `feed` published now, `moveBps` from the stored price, within a range; none if
    /// the stored one is already from this second (MockPyth keeps only a later one).
    function _freshUpdate(bytes32 feed, int256 moveBps) internal view returns (bytes[] memory update) {
        PythStructs.Price memory stored = env.pyth.getPriceUnsafe(feed);
        if (stored.publishTime >= block.timestamp) return new bytes[](0);
        uint256 price = uint256(int256(stored.price) * (10_000 + moveBps) / 10_000);
        (uint256 low, uint256 high) = feed == ETH_FEED ? (500e8, 20_000e8) : (5_000e8, 500_000e8);
        price = price < low ? low : price > high ? high : price;
        update = new bytes[](1);
        int64 p = int64(int256(price));
        update[0] =
            env.pyth.createPriceFeedUpdateData(feed, p, uint64(price / 2_000), -8, p, 0, uint64(block.timestamp), 0);
    }

    function _published(bytes32 feed) internal view returns (uint256) {
        return env.pyth.getPriceUnsafe(feed).publishTime;
    }

    function _account(uint256 who) internal view returns (address) {
        return accounts[who % accounts.length];
    }

    function _isSpent(address account, uint256 nonce) internal view returns (bool) {
        return spent[account][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @dev The account's key signs (the OwnedWallet's owner for the contract account).
    function _sign(Trade memory t) internal view returns (bytes memory) {
        return _sign(t.account, env.hasher.hash(t));
    }

    function _sign(Withdraw memory w) internal view returns (bytes memory) {
        return _sign(w.account, env.hasher.hash(w));
    }

    function _sign(address account, bytes32 structHash) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(keys[keyIndex[account]], AccountActionsLib.digest(DOMAIN_SEPARATOR, structHash));
        return abi.encodePacked(r, s, v);
    }
}
