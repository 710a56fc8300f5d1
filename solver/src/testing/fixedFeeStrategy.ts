import type { Strategy } from '../domain/strategy/strategy.ts'

/** A strategy that always bids `feeBps` (or always passes, with null): makes auctions predictable in tests. */
export function fixedFeeStrategy(feeBps: number | null): Strategy {
  return { name: `fixed-${feeBps ?? 'pass'}`, quote: () => feeBps }
}
