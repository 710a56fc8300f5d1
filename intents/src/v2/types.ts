import type { Address, Hex } from 'viem'
import type { FeeSchedule } from '../types.ts'

export type { FeeSchedule }

/**
 * The optional first trade that rides a deposit. `sizeDelta` 0 means no trade; then `market` is `""`
 * and `limitPrice` and `maxLeverageBps` are 0, so a deposit has exactly one unsigned-looking form.
 */
export type AttachedTrade = {
  /** Market symbol `BASE-QUOTE` (`ETH-USD`), or `""` with no trade. */
  market: string
  /** Base-asset units, 18 decimals: positive buys (long), negative sells (short), 0 is no trade. */
  sizeDelta: bigint
  /** Worst fill price, quote per base, 18 decimals: the highest for a buy, the lowest for a sell. */
  limitPrice: bigint
  /** The account's leverage cap after the trade, basis points of 1× (10× = 100,000). */
  maxLeverageBps: number
}

/**
 * The ERC-7683 `orderData` of a v2 deposit intent: collateral moved into the origin `AccountVault`
 * and credited to an account of the destination `AccountEngine`, perhaps with a first trade.
 */
export type DepositOrder = {
  /** ERC-20 on the origin chain moved into the vault. */
  token: Address
  /** Token base units; the solver fee is basis points of it. */
  amount: bigint
  /** EIP-155 id of the engine's chain; differs from the origin. */
  destinationChainId: bigint
  /** The `AccountEngine` whose account is credited. */
  engine: Address
  /** The destination account credited (usually the trader). */
  account: Address
  /** The messaging route the trader trusts (`hyperlane`, …). */
  route: string
  /** What a solver may charge, and when (as v1). */
  fee: FeeSchedule
  /** The first trade, or none (`sizeDelta` 0). */
  trade: AttachedTrade
}

/**
 * An ERC-7683 `GaslessCrossChainOrder` whose `orderData` is a decoded {@link DepositOrder};
 * `orderDataType` is implied: always `DEPOSIT_ORDER_TYPEHASH`.
 */
export type DepositIntent = {
  /** The origin `AccountVault`: ERC-7683 origin settler and Permit2 spender. */
  originSettler: Address
  /** The trader: owner of the tokens and signer. */
  user: Address
  /** Permit2 unordered nonce of `user`. */
  nonce: bigint
  /** EIP-155 id of the origin chain. */
  originChainId: bigint
  /** Unix seconds: the Permit2 deadline, last moment to open. */
  openDeadline: number
  /** Unix seconds: last moment to fill the attached trade. */
  fillDeadline: number
  orderData: DepositOrder
}

/** A deposit intent with the trader's signature (65 bytes from an EOA, any bytes from a contract wallet). */
export type SignedDepositIntent = { order: DepositIntent; signature: Hex }

/** A deposit intent document: the order, signed or not yet. */
export type DepositIntentDocument = { order: DepositIntent; signature?: Hex }

/** A signed trade on the destination engine: open, increase, reduce or close a position. */
export type Trade = {
  /** The account trading, and the signer. */
  account: Address
  /** Market symbol `BASE-QUOTE`. */
  market: string
  /** Base-asset units, 18 decimals: positive buys, negative sells; never 0. */
  sizeDelta: bigint
  /** Worst fill price, quote per base, 18 decimals. */
  limitPrice: bigint
  /** The account's leverage cap after the trade, basis points of 1×. */
  maxLeverageBps: number
  /** Settlement-token base units the submitter may take from the account's cash (0: none). */
  maxRelayerFee: bigint
  /** Unordered nonce of `account`: any unused one, once. */
  nonce: bigint
  /** Unix seconds after which the action is void. */
  deadline: number
}

/** A signed withdrawal from the account to an origin vault (or the destination's cash). */
export type Withdraw = {
  /** The account withdrawing, and the signer. */
  account: Address
  /** The origin whose vault pays (or the destination itself for cash). */
  chainId: bigint
  /** The token withdrawn, on that chain. */
  token: Address
  /** Token base units; more than 0. */
  amount: bigint
  /** Who is paid. */
  to: Address
  /** Above 0, a solver may pay `to` at once, less at most this many basis points (a fast withdrawal). */
  maxFastFeeBps: number
  /** Settlement-token base units the submitter may take from the account's cash (0: none). */
  maxRelayerFee: bigint
  /** Unordered nonce of `account`. */
  nonce: bigint
  /** Unix seconds after which the action is void. */
  deadline: number
}

/** A signed action says what it is: `kind` names the EIP-712 type of `message`. */
export type TradeAction = { kind: 'trade'; message: Trade }
export type WithdrawAction = { kind: 'withdraw'; message: Withdraw }
export type Action = TradeAction | WithdrawAction

/** The engine an action is signed for: the EIP-712 domain `{name: "xmargin", version: "2", chainId, verifyingContract: engine}`. */
export type ActionDomain = {
  /** EIP-155 id of the destination chain. */
  chainId: bigint
  /** The `AccountEngine` (the domain's `verifyingContract`). */
  engine: Address
}

/** An action with its domain and signature: what a relayer submits. */
export type SignedAction = Action & ActionDomain & { signature: Hex }

/** An action document: the action and its domain, signed or not yet. */
export type ActionDocument = Action & ActionDomain & { signature?: Hex }
