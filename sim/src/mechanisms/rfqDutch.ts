import { landingMs, readyByBid } from './ordering.ts'
import { perBlockAwards } from './perBlockDutch.ts'
import type { Mechanism } from './types.ts'

/**
 * UniswapX-style exclusive RFQ: the best quote of the RFQ round gets the order exclusively at its quote;
 * if it does not fill within the exclusivity period, the order falls back to a per-block Dutch decay
 * open to everyone else.
 */
export const rfqDutch: Mechanism = {
  name: 'rfq-dutch',
  description: 'exclusive RFQ with Dutch fallback: best quote fills exclusively, else a per-block decay',
  payment: 'as-bid',
  decideAt: (arrivalMs, { auction }) => arrivalMs + auction.rfqWindowMs,
  award: (auctions, nowMs, { destination, auction }) =>
    auctions.map(({ quotes, schedule }) => {
      const [best] = readyByBid(quotes, nowMs)
      if (best === undefined) return perBlockAwards(quotes, schedule, nowMs, destination)
      const others = quotes.filter((quote) => quote.solver !== best.solver)
      return [
        { solver: best.solver, feeBps: best.bidBps, fillMs: landingMs(destination, nowMs) },
        ...perBlockAwards(others, schedule, nowMs + auction.exclusiveMs, destination),
      ]
    }),
}
