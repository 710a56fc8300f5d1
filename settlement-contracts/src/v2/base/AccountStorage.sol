// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccountHeader, Collateral, DepositRecord, Market, MarketState, Position, RiskParams} from "./AccountTypes.sol";

/// @notice The one storage layout of the AccountEngine, which the logic libraries take by reference.
/// It lives at an ERC-7201 namespace (EngineStorageSlot), so AccountLens can compute where every field
/// is from this same definition and read it through the engine's `extsload`.
/// @custom:storage-location erc7201:xmargin.storage.AccountEngine
/// Laid out for the hot path: a trade that grows a position reads the market (2 slots), writes its
/// state (1), the position (1), the account header (1), the nonce word (1) and the relayer's header (1).
/// Markets and collaterals get a one-byte index so an account's lists pack into its header.
struct EngineStorage {
    RiskParams risk;
    /// @dev How many markets and collaterals were ever added (indexes 1…255; 0 means none).
    uint8 marketCount;
    uint8 collateralCount;
    /// @dev Cash the pool paid out here less what it was paid in (debts settled, insurance funded) and
    /// less the bad debt it absorbed (which leaves its claim on the traders), wad:
    /// with Σ `netBasis − skew × price` over the markets, what the pool's share price must count (pool
    /// value = its tokens + this + Σ over markets, AccountPoolClaim; relayer fees, liquidation fees and
    /// fronts move cash between accounts or stand beside it and change neither).
    int256 netCashPaid;
    /// @dev The insurance fund (wad): liquidation fees and donations, the first cover of bad debt. Like
    /// an account's cash, a claim on the pool's tokens that is not the LPs'.
    uint256 insurance;
    /// @dev Engine-allocated message ids: withdrawals (a signed withdrawal uses its digest instead) and
    /// seizures.
    uint256 withdrawalCount;
    mapping(bytes32 marketId => Market) markets;
    mapping(uint8 index => bytes32 marketId) marketIds;
    mapping(bytes32 marketId => MarketState) marketStates;
    mapping(uint8 index => Collateral) collaterals;
    mapping(uint256 chainId => mapping(address token => uint8 index)) collateralIndex;
    /// @dev The route the engine sends RELEASE (and later SEIZE) over to each origin (FILLED and EXPIRED
    /// go over the order's own route); its T_message is the latency buffer's term for collateral held there.
    mapping(uint256 chainId => bytes32 routeId) originRoutes;
    mapping(address account => AccountHeader) accounts;
    /// @dev Collateral per (account, collateral index), token units.
    mapping(address account => mapping(uint8 collateralIndex => uint256 amount)) ledger;
    mapping(address account => mapping(uint8 marketIndex => Position)) positions;
    /// @dev Unordered nonces, Permit2-style: bit `nonce & 255` of word `nonce >> 8`.
    mapping(address account => mapping(uint256 word => uint256 bits)) nonces;
    mapping(bytes32 orderId => DepositRecord) deposits;
    /// @dev Σ of the account's outstanding fronts (wad), part of its cash until DEPOSITED replaces them
    /// with collateral: credit to trade on, never to withdraw.
    mapping(address account => uint256 amount) fronted;
    /// @dev Settlement-token units the engine owes a filler whose repayment the token refused.
    mapping(address recipient => uint256 amount) owed;
}

/// @notice Where EngineStorage lives: keccak256(abi.encode(uint256(keccak256("xmargin.storage.AccountEngine")) - 1))
/// & ~0xff (ERC-7201).
library EngineStorageSlot {
    bytes32 internal constant SLOT = 0x5fe793fc57b934443b60f6bb98bcdb979529a8ab306cc837e57f6d62ecf51200;

    function layout() internal pure returns (EngineStorage storage s) {
        assembly ("memory-safe") {
            s.slot := SLOT
        }
    }
}
