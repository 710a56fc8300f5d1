import { landingMs, readyByBid } from './ordering.ts'
import type { Mechanism } from './types.ts'

/** Sealed first-price: bids collected for the window, the lowest wins and is paid its bid. */
export const firstPrice: Mechanism = {
  name: 'first-price',
  description: 'sealed first-price: lowest sealed bid wins, paid its own bid',
  payment: 'as-bid',
  decideAt: (arrivalMs, { auction }) => arrivalMs + auction.bidWindowMs,
  award: (auctions, nowMs, { destination }) =>
    auctions.map(({ quotes }) =>
      readyByBid(quotes, nowMs).map((quote) => ({
        solver: quote.solver,
        feeBps: quote.bidBps,
        fillMs: landingMs(destination, nowMs),
      })),
    ),
}

/**
 * Sealed second-price (Vickrey): the lowest bid wins and is paid the next-lowest bid, or the trader's
 * maximum fee when it is the only bid. If the winner fades, the next is paid the bid after its own.
 */
export const secondPrice: Mechanism = {
  name: 'second-price',
  description: 'sealed second-price: lowest sealed bid wins, paid the second-lowest bid',
  payment: 'critical',
  decideAt: (arrivalMs, { auction }) => arrivalMs + auction.bidWindowMs,
  award: (auctions, nowMs, { destination }) =>
    auctions.map(({ quotes, schedule }) => {
      const ranked = readyByBid(quotes, nowMs)
      return ranked.map((quote, rank) => ({
        solver: quote.solver,
        feeBps: ranked[rank + 1]?.bidBps ?? schedule.maxBps,
        fillMs: landingMs(destination, nowMs),
      }))
    }),
}
