import type { SolverBid } from '@xmargin/intents'
import { type Address, concat, type Hex, keccak256 } from 'viem'

/**
 * The tie-break key of `solver` on `orderId`: keccak256(orderId ‖ solver). It is the same on every
 * node and differs per order, so equal bids are ordered without talking and no solver wins every tie.
 */
export function bidTieBreak(orderId: Hex, solver: Address): Hex {
  return keccak256(concat([orderId, solver]))
}

/** Sort order of bids on one order: lowest `feeBps` first, ties by ascending {@link bidTieBreak}. */
export function compareBids(a: SolverBid, b: SolverBid): number {
  if (a.feeBps !== b.feeBps) return a.feeBps - b.feeBps
  const keyA = bidTieBreak(a.orderId, a.solver)
  const keyB = bidTieBreak(b.orderId, b.solver)
  if (keyA === keyB) return 0
  return keyA < keyB ? -1 : 1
}
