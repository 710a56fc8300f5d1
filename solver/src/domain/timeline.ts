import type { Address, Hex } from 'viem'

/**
 * What can happen to an order, in the order a trader usually sees it. `received` and `bid` come from
 * the network; `won`/`faded` from the auction; the rest are chain events (vault on the origin, engine
 * on the destination), so every node that watches the chains tells the same story.
 */
export type TimelineKind =
  | 'received' // intent validated and accepted by this node (HTTP or gossip)
  | 'bid' // a solver's signed bid
  | 'won' // the auction's current winner is due to fill (this node's view)
  | 'faded' // the winner did not open within the grace period; the next bidder takes over
  | 'lapsed' // nobody opened it by the open deadline: nothing was locked (this node's view)
  | 'opened' // vault `Open`: collateral in escrow (origin)
  | 'filled' // engine `Filled`: position open (destination)
  | 'backed' // engine `Backed`: `Locked` arrived, the solver's front repaid
  | 'fee-paid' // vault `FeePaid`: `Filled` arrived, the solver paid (origin) — the order is settled
  | 'refunded' // vault `Refunded`: `Expired` arrived, trader refunded, opener slashed
  | 'expired' // engine `OrderExpired`
  | 'liquidated' // engine `Liquidated`
  | 'debt-settled' // engine `DebtSettled`: a keeper paid the debt, `Seize` sent
  | 'seized' // vault `Seized`: collateral taken on the origin
  | 'closed' // engine `Closed`
  | 'withdrawal-requested' // engine `WithdrawalRequested`: `Release` sent
  | 'released' // vault `Released`: collateral back to the trader on the origin
  | 'failed' // this node's own attempt failed (detail.reason)

export type TimelineEntry = {
  orderId: Hex
  kind: TimelineKind
  /** Wall clock (ms) when this node learnt it; for chain events, the block's timestamp × 1000. */
  atMs: number
  /** Who acted: the solver that bid/opened/filled, the keeper, the trader. */
  actor?: Address
  chainId?: number
  blockNumber?: bigint
  txHash?: Hex
  /** Small, JSON-safe facts for display (fee bps, amounts as decimal strings, prices, reason). */
  detail: Readonly<Record<string, string | number | boolean>>
}
