// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {IAccountEngine} from "./interfaces/IAccountEngine.sol";
import {IAccountPool} from "./interfaces/IAccountPool.sol";

/// @title AccountPool
/// @notice The protocol-v2 LP pool. See IAccountPool.
///
/// **Value.** Free tokens (balance less the deposits held aside) + `ENGINE.poolClaim` / SCALE: what
/// traders owe the pool net, their open PnL at the mark and their debts not yet settled included. So a
/// debt's settlement (tokens in, the debt gone) and a cash payout (tokens out, booked as paid) leave
/// the share price where it was, and a trader's winning close moves it only by the close's fee and fill
/// premium: there is nothing to deposit around or to leave ahead of. `totalAssets` floors the value at
/// 0 (ERC-4626 amounts are unsigned); `poolValue` is signed. A pool in deficit takes no deposit (it is
/// refunded: its shares would only fill the deficit) and pays no redemption (`PoolInsolvent`) until
/// it is solvent again.
///
/// **Asynchronous entry and exit.** What the share price cannot see in time is the price itself: a
/// synchronous deposit or redemption converts at the last price on chain, which an LP who watches
/// the off-chain feed can front-run. So a request fixes its amount now and converts at the share price
/// of its settlement, at least `settlementDelay` later and with prices no older than each market's
/// `maxTradePriceAge` (the delay, at least a minute, must stay above those ages: then the requester
/// cannot have seen the price it settles at). Anyone may settle a ready request, so no operator or
/// keeper is trusted; what is left to the settler is which fresh update to bring and when, the edge
/// audit attack 2 leaves to the trading fee. A request
/// can be cancelled only while it is not ready: once ready, an owner who could still cancel would
/// hold a free option to enter or leave at a price it sees, which is what the delay removes.
///
/// **Synchronous ERC-4626 is closed.** `maxDeposit`/`maxMint`/`maxWithdraw`/`maxRedeem` return 0, as
/// ERC-4626 asks of a vault whose deposits are disabled, so routers and aggregators see it before they
/// call; `deposit`/`mint`/`withdraw`/`redeem` and the previews revert `DelayedSettlementOnly`, so a
/// caller learns why (and a zero-amount call does not pass for an entry). `convertToShares` and
/// `convertToAssets` stay, for estimates.
///
/// **Why not ERC-7540** (asynchronous ERC-4626), whose shape this follows (request → delay →
/// conversion at a price unknown at request time): ERC-7540 moves a request to *claimable* when the
/// vault fulfils it and then requires the controller, or an operator it approved (`setOperator`), to
/// claim through `deposit`/`mint`/`withdraw`/`redeem` in a second transaction; its requests are keyed
/// by controller, and ERC-165 is mandatory. Here one permissionless `settle` fulfils and delivers
/// (shares minted, assets paid to the receiver), so there is no claim step, no operator and no
/// claimable state to track, and nobody must be trusted or paid to fulfil. The ERC-4626 events
/// (`Deposit`, `Withdraw`) are still emitted at settlement.
///
/// **Rounding** is always against the requester: a deposit converts against the value with the
/// claim rounded up and gets its shares rounded down; a redemption converts against the value with
/// the claim rounded down and gets its assets rounded down. With ERC-4626's virtual shares and asset
/// (`_decimalsOffset`, as v1, against a first depositor's inflation attack) the share price therefore
/// never falls when a request settles.
contract AccountPool is IAccountPool, ERC4626, Ownable {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using SafeCast for int256;

    uint32 public constant MIN_SETTLEMENT_DELAY = 1 minutes;
    uint32 public constant MAX_SETTLEMENT_DELAY = 7 days;

    IAccountEngine public immutable ENGINE;
    IPriceOracle public immutable ORACLE;
    /// @dev 10^(18 − token decimals): the engine's wad per settlement-token unit.
    int256 internal immutable SCALE;

    /// @dev 5 minutes: well above the markets' price ages (seconds) and the oracle's own (a minute), short
    /// enough for LPs.
    uint32 public settlementDelay = 5 minutes;
    uint256 public requestCount;
    uint256 public pendingDepositAssets;
    mapping(uint256 requestId => Request) internal _requests;

    constructor(IAccountEngine engine, address owner_)
        ERC20("xmargin LP v2", "xmLP2")
        ERC4626(engine.SETTLEMENT())
        Ownable(owner_)
    {
        ENGINE = engine;
        ORACLE = engine.ORACLE();
        SCALE = (10 ** (18 - IERC20Metadata(address(engine.SETTLEMENT())).decimals())).toInt256();
    }

    /// @dev The oracle refunds what a price update did not use to its caller, this pool.
    receive() external payable {
        if (msg.sender != address(ORACLE)) revert UnexpectedEther(msg.sender);
    }

    // ---------------------------------------------------------------- LP requests

    /// @inheritdoc IAccountPool
    function requestDeposit(uint256 assets, address receiver) external returns (uint256 requestId) {
        requestId = _request(RequestKind.Deposit, assets, receiver);
        pendingDepositAssets += assets;
        IERC20(asset()).safeTransferFrom(msg.sender, address(this), assets);
        emit DepositRequested(requestId, msg.sender, receiver, assets, _requests[requestId].readyAt);
    }

    /// @inheritdoc IAccountPool
    function requestRedeem(uint256 shares, address receiver) external returns (uint256 requestId) {
        requestId = _request(RequestKind.Redeem, shares, receiver);
        _transfer(msg.sender, address(this), shares);
        emit RedeemRequested(requestId, msg.sender, receiver, shares, _requests[requestId].readyAt);
    }

    /// @inheritdoc IAccountPool
    function settle(uint256 requestId, bytes[] calldata priceUpdate) external payable returns (uint256 out) {
        Request memory r = _requests[requestId];
        if (r.owner == address(0)) revert UnknownRequest(requestId);
        if (block.timestamp < r.readyAt) revert RequestNotReady(requestId, r.readyAt, block.timestamp);
        uint256 etherBefore = address(this).balance - msg.value;
        if (priceUpdate.length != 0) ORACLE.update{value: msg.value}(priceUpdate);
        delete _requests[requestId];
        out = r.kind == RequestKind.Deposit ? _settleDeposit(requestId, r) : _settleRedeem(requestId, r);
        _refund(msg.sender, address(this).balance - etherBefore);
    }

    /// @inheritdoc IAccountPool
    function cancel(uint256 requestId) external {
        Request memory r = _requests[requestId];
        if (r.owner == address(0)) revert UnknownRequest(requestId);
        if (msg.sender != r.owner) revert NotRequestOwner(requestId, msg.sender);
        if (block.timestamp >= r.readyAt) revert RequestAlreadyReady(requestId, r.readyAt, block.timestamp);
        delete _requests[requestId];
        emit RequestCancelled(requestId);
        if (r.kind == RequestKind.Redeem) return _transfer(address(this), r.owner, r.amount);
        pendingDepositAssets -= r.amount;
        IERC20(asset()).safeTransfer(r.owner, r.amount);
    }

    // ---------------------------------------------------------------- engine

    /// @inheritdoc IAccountPool
    function pay(address to, uint256 amount) external {
        if (msg.sender != address(ENGINE)) revert NotEngine(msg.sender);
        uint256 free = freeAssets();
        if (amount > free) revert InsufficientLiquidity(amount, free);
        IERC20(asset()).safeTransfer(to, amount);
    }

    // ---------------------------------------------------------------- configuration (owner)

    /// @inheritdoc IAccountPool
    function setSettlementDelay(uint32 delay) external onlyOwner {
        if (delay < MIN_SETTLEMENT_DELAY || delay > MAX_SETTLEMENT_DELAY) {
            revert SettlementDelayOutOfBounds(delay, MIN_SETTLEMENT_DELAY, MAX_SETTLEMENT_DELAY);
        }
        settlementDelay = delay;
        emit SettlementDelaySet(delay);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IAccountPool
    function requestOf(uint256 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    /// @inheritdoc IAccountPool
    function freeAssets() public view returns (uint256) {
        return IERC20(asset()).balanceOf(address(this)) - pendingDepositAssets;
    }

    /// @inheritdoc IAccountPool
    function poolValue(bool fresh) external view returns (int256) {
        return _value(fresh, Math.Rounding.Floor);
    }

    /// @notice Free tokens + `poolClaim(false)` / SCALE, floored at 0. Reverts when the oracle has no
    /// usable price for a market with open interest (ERC-4626 asks `totalAssets` not to revert, but a
    /// value without those prices would be a guess; every conversion that moves tokens uses fresh ones).
    function totalAssets() public view override(ERC4626, IERC4626) returns (uint256) {
        int256 value = _value(false, Math.Rounding.Floor);
        return value > 0 ? value.toUint256() : 0;
    }

    // ---------------------------------------------------------------- closed synchronous ERC-4626

    function maxDeposit(address) public pure override(ERC4626, IERC4626) returns (uint256) {
        return 0;
    }

    function maxMint(address) public pure override(ERC4626, IERC4626) returns (uint256) {
        return 0;
    }

    function maxWithdraw(address) public pure override(ERC4626, IERC4626) returns (uint256) {
        return 0;
    }

    function maxRedeem(address) public pure override(ERC4626, IERC4626) returns (uint256) {
        return 0;
    }

    function previewDeposit(uint256) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert DelayedSettlementOnly();
    }

    function previewMint(uint256) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert DelayedSettlementOnly();
    }

    function previewWithdraw(uint256) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert DelayedSettlementOnly();
    }

    function previewRedeem(uint256) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert DelayedSettlementOnly();
    }

    function deposit(uint256, address) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert DelayedSettlementOnly();
    }

    function mint(uint256, address) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert DelayedSettlementOnly();
    }

    function withdraw(uint256, address, address) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert DelayedSettlementOnly();
    }

    function redeem(uint256, address, address) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert DelayedSettlementOnly();
    }

    // ---------------------------------------------------------------- internal

    function _request(RequestKind kind, uint256 amount, address receiver) internal returns (uint256 requestId) {
        if (amount == 0) revert ZeroAmount();
        if (receiver == address(0)) revert InvalidReceiver();
        requestId = ++requestCount;
        _requests[requestId] = Request({
            owner: msg.sender,
            readyAt: (block.timestamp + settlementDelay).toUint64(),
            kind: kind,
            receiver: receiver,
            amount: amount
        });
    }

    /// @dev Shares at the value with the claim rounded up, rounded down: the pool's favour twice.
    function _settleDeposit(uint256 requestId, Request memory r) internal returns (uint256 shares) {
        int256 value = _value(true, Math.Rounding.Ceil);
        pendingDepositAssets -= r.amount;
        if (value < 0) {
            // Shares of a pool in deficit would only fill the deficit: the tokens go back.
            emit DepositRefunded(requestId, value);
            IERC20(asset()).safeTransfer(r.owner, r.amount);
            return 0;
        }
        shares = Math.mulDiv(r.amount, totalSupply() + 10 ** _decimalsOffset(), value.toUint256() + 1);
        _mint(r.receiver, shares);
        emit Deposit(r.owner, r.receiver, r.amount, shares);
        emit RequestSettled(requestId, msg.sender, r.amount, shares);
    }

    /// @dev Assets at the value with the claim rounded down, rounded down; paid only from free tokens.
    function _settleRedeem(uint256 requestId, Request memory r) internal returns (uint256 assets) {
        int256 value = _value(true, Math.Rounding.Floor);
        if (value <= 0) revert PoolInsolvent(value);
        assets = Math.mulDiv(r.amount, value.toUint256() + 1, totalSupply() + 10 ** _decimalsOffset());
        uint256 free = freeAssets();
        if (assets > free) revert InsufficientLiquidity(assets, free);
        _burn(address(this), r.amount);
        IERC20(asset()).safeTransfer(r.receiver, assets);
        emit Withdraw(msg.sender, r.receiver, r.owner, assets, r.amount);
        emit RequestSettled(requestId, msg.sender, assets, r.amount);
    }

    /// @dev Free tokens + the engine's claim (wad) in token units, rounded as asked (toward ±∞).
    function _value(bool fresh, Math.Rounding rounding) internal view returns (int256) {
        int256 claim = ENGINE.poolClaim(fresh);
        int256 units = claim / SCALE;
        if (claim % SCALE != 0) {
            if (rounding == Math.Rounding.Ceil && claim > 0) ++units;
            else if (rounding == Math.Rounding.Floor && claim < 0) --units;
        }
        return freeAssets().toInt256() + units;
    }

    function _refund(address to, uint256 amount) internal {
        if (amount == 0) return;
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert RefundFailed(to, amount);
    }

    /// @dev Virtual shares make a first depositor's inflation attack unprofitable (as v1's pool).
    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }
}
