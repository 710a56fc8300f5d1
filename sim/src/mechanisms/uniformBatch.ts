import { landingMs } from './ordering.ts'
import type { Auction, Award, Mechanism, Quote } from './types.ts'

/**
 * Uniform-price batch auction (CoW-style): intents are collected until the batch boundary; all
 * solver-intent offers are sorted, the cheapest offer per intent is accepted in that order, and every
 * winner is paid the same clearing fee — the next offer after the last accepted one (the first
 * rejected), capped at each trader's maximum. With one intent per batch this is second-price.
 */
export const uniformBatch: Mechanism = {
  name: 'uniform-batch',
  description: 'uniform-price batch auction: every winner in a batch paid the first rejected offer',
  payment: 'critical',
  // The first boundary that leaves solvers the bid window to submit.
  decideAt: (arrivalMs, { auction }) =>
    (Math.floor((arrivalMs + auction.bidWindowMs) / auction.batchMs) + 1) * auction.batchMs,
  award: (auctions, nowMs, { destination }) => {
    const offers = auctions.flatMap((auction, index) =>
      auction.quotes.filter((quote) => quote.readyMs <= nowMs).map((quote) => ({ index, quote })),
    )
    offers.sort(
      (a, b) => a.quote.bidBps - b.quote.bidBps || a.quote.tieBreak - b.quote.tieBreak || a.index - b.index,
    )
    const accepted = new Set<number>()
    let lastAccepted = -1
    offers.forEach(({ index }, position) => {
      if (accepted.has(index)) return
      accepted.add(index)
      lastAccepted = position
    })
    const clearing = offers[lastAccepted + 1]?.quote.bidBps
    const fillMs = landingMs(destination, nowMs)
    return auctions.map((auction, index) => batchAwards(auction, offers, index, clearing, fillMs))
  },
}

function batchAwards(
  auction: Auction,
  offers: ReadonlyArray<{ index: number; quote: Quote }>,
  index: number,
  clearing: number | undefined,
  fillMs: number,
): Award[] {
  const cap = auction.schedule.maxBps
  return offers
    .filter((offer) => offer.index === index)
    .map(({ quote }) => ({
      solver: quote.solver,
      feeBps: Math.min(cap, Math.max(quote.bidBps, clearing ?? cap)),
      fillMs,
    }))
}
