import type { Address, Hex } from 'viem'

/**
 * The solver fee schedule: a reverse Dutch auction. The fee a solver may charge rises linearly from
 * `startBps` at `startTime` to `maxBps` at `endTime` and stays there; the longer nobody fills, the
 * more a solver may earn. Fees are basis points (1/10,000) of `collateralAmount`, paid in the
 * collateral token out of escrow on the origin chain, so the vault checks them without a price.
 * Relied on by: solvers (bidding), `CollateralVault` (fee payout), `MarginEngine` (fee check at fill).
 */
export type FeeSchedule = {
  /** Fee at and before `startTime`, basis points of the collateral amount (0…10,000). */
  startBps: number
  /** Fee at and after `endTime`, basis points (startBps…10,000). */
  maxBps: number
  /** Unix seconds at which the fee starts to rise. */
  startTime: number
  /** Unix seconds at which the fee reaches `maxBps`; at most the order's `fillDeadline`. */
  endTime: number
}

/**
 * The ERC-7683 `orderData` of an xmargin intent: collateral on the origin chain, the position on the
 * destination chain, the solver fee and the messaging route. Signed as a typed EIP-712 struct so a
 * wallet shows every field; on chain it travels ABI-encoded in `GaslessCrossChainOrder.orderData`.
 */
export type MarginOrder = {
  /** ERC-20 on the origin chain that is locked in the vault as collateral. */
  collateralToken: Address
  /** Collateral in the token's base units (its own decimals). Moved by Permit2 into escrow. */
  collateralAmount: bigint
  /** EIP-155 chain id of the chain where the position lives (the destination). */
  destinationChainId: bigint
  /** `MarginEngine` on the destination chain: the ERC-7683 destination settler. */
  destinationSettler: Address
  /** Account on the destination chain that owns the position (usually the trader). */
  recipient: Address
  /** Market symbol, e.g. `ETH-USD`; the engine keys markets by `keccak256(market)`. */
  market: string
  /** `true` opens a long, `false` a short. */
  isLong: boolean
  /** Position size in units of the market's base asset, 18 decimals (1.5 ETH = 1.5e18). */
  size: bigint
  /**
   * Worst acceptable entry price, quote per base unit with 18 decimals ($3,000 = 3000e18): the highest
   * price for a long, the lowest for a short. The engine checks it against a fresh oracle price.
   */
  limitPrice: bigint
  /** Maximum leverage in basis points of 1× (10× = 100,000): notional ÷ collateral value at entry. */
  maxLeverageBps: number
  /** What a solver may charge, and when. */
  fee: FeeSchedule
  /** Messaging route the trader trusts for this position's cross-chain messages, e.g. `hyperlane`. */
  route: string
}

/**
 * An ERC-7683 `GaslessCrossChainOrder` whose `orderData` is a decoded {@link MarginOrder}.
 * `orderDataType` is implied: it is always {@link MARGIN_ORDER_TYPEHASH}.
 */
export type MarginIntent = {
  /** `CollateralVault` on the origin chain (ERC-7683 origin settler, and the Permit2 spender). */
  originSettler: Address
  /** The trader: owner of the collateral and signer of the intent. */
  user: Address
  /** Permit2 unordered nonce of `user`; one intent per nonce, so an intent can never be replayed. */
  nonce: bigint
  /** EIP-155 chain id of the origin chain (where the collateral lives). */
  originChainId: bigint
  /** Unix seconds: last moment a solver may open the order on the origin (the Permit2 deadline). */
  openDeadline: number
  /** Unix seconds: last moment a solver may fill on the destination; after it the order can expire. */
  fillDeadline: number
  /** The margin order itself. */
  orderData: MarginOrder
}

/** An intent with the trader's Permit2 witness signature (65 bytes, `v` ∈ {27, 28}). */
export type SignedMarginIntent = {
  order: MarginIntent
  signature: Hex
}

/** The ERC-7683 `GaslessCrossChainOrder` exactly as the contracts take it (`orderData` ABI-encoded). */
export type GaslessCrossChainOrder = {
  originSettler: Address
  user: Address
  nonce: bigint
  originChainId: bigint
  openDeadline: number
  fillDeadline: number
  orderDataType: Hex
  orderData: Hex
}

/**
 * A solver's binding bid, gossiped on `/xmargin/bids/1`: a public commitment to fill `orderId` as soon
 * as the fee schedule reaches `feeBps`, valid until `expiry`.
 */
export type SolverBid = {
  /** The intent's orderId ({@link hashIntent}). */
  orderId: Hex
  /** The solver's address: the signer of the bid and the account whose bond is at stake. */
  solver: Address
  /** Fee the solver will charge, basis points of the collateral amount. */
  feeBps: number
  /** Unix seconds after which the bid no longer binds. */
  expiry: number
}

/** A bid with the solver's EIP-712 signature. */
export type SignedSolverBid = {
  bid: SolverBid
  signature: Hex
}
