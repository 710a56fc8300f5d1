import { timeAtFee } from '@xmargin/intents/schedule'
import { landingMs, readyByBid } from './ordering.ts'
import type { Award, Mechanism } from './types.ts'

/**
 * This protocol's auction: solvers gossip binding bids while the window is open; the lowest bidder
 * fills as soon as the signed schedule reaches its bid (`timeAtFee`, the engine's own arithmetic) and is
 * paid its bid; if it fades, the next bidder fills after the grace period.
 */
export const dutch: Mechanism = {
  name: 'dutch',
  description: 'Dutch schedule with binding bids (xmargin): lowest bid fills when the schedule reaches it',
  payment: 'as-bid',
  decideAt: (arrivalMs, { auction }) => arrivalMs + auction.bidWindowMs,
  award: (auctions, nowMs, { destination }) =>
    auctions.map(({ quotes, schedule }) =>
      readyByBid(quotes, nowMs).flatMap((quote): Award[] => {
        const reachedS = timeAtFee(schedule, quote.bidBps)
        if (reachedS === undefined) return []
        return [
          {
            solver: quote.solver,
            feeBps: quote.bidBps,
            fillMs: landingMs(destination, Math.max(nowMs, reachedS * 1000)),
          },
        ]
      }),
    ),
}
