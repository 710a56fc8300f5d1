import { blockAtOrAfter, blockTime, type Chain } from '../models/chain.ts'
import type { Quote } from './types.ts'

/** Lowest bid first; equal bids in the auction's random tie-break order. */
export function byBid(a: Quote, b: Quote): number {
  return a.bidBps - b.bidBps || a.tieBreak - b.tieBreak
}

/** Quotes whose solver has seen the intent by `nowMs`, lowest bid first. */
export function readyByBid(quotes: readonly Quote[], nowMs: number): Quote[] {
  return quotes.filter((quote) => quote.readyMs <= nowMs).sort(byBid)
}

/** When a transaction sent at `timeMs` lands: the destination's next block. */
export function landingMs(chain: Chain, timeMs: number): number {
  return blockTime(chain, blockAtOrAfter(chain, timeMs))
}

/** Unix seconds of simulated time, as a block timestamp. */
export function seconds(timeMs: number): number {
  return Math.floor(timeMs / 1000)
}
