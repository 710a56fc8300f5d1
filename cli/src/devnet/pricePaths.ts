import { DEVNET_FEEDS } from '@xmargin/settlement-contracts/deploy'
import { createRng, type MarketModel, MarketPath } from '@xmargin/sim'

export type FeedName = keyof typeof DEVNET_FEEDS

/**
 * One seeded price path per devnet feed: the simulator's geometric Brownian motion with Merton jumps
 * (60% a year, two jumps a day of ±2%, one tick a second), started at the feed's devnet price. The
 * stablecoin stays at its price. Same seed, same prices: a crash can be replayed.
 */
export function devnetPricePaths(seed: number): Record<FeedName, MarketPath | number> {
  const paths = {} as Record<FeedName, MarketPath | number>
  for (const [name, { price }] of Object.entries(DEVNET_FEEDS) as [FeedName, { price: number }][]) {
    if (name === 'USDC/USD') {
      paths[name] = price
      continue
    }
    const rng = createRng({ seed, scenario: 'devnet-feed', replication: 0, agent: name, stream: 'price' })
    paths[name] = new MarketPath({ ...WALK, price0: price }, rng)
  }
  return paths
}

const WALK: Omit<MarketModel, 'price0'> = {
  driftAnnual: 0,
  sigmaAnnual: 0.6,
  jumpsPerDay: 2,
  jumpMean: 0,
  jumpSigma: 0.02,
  tickMs: 1_000,
  oracleLagMs: 0,
}

/** Every feed's price at tick `index`, with `crashBps` taken off every volatile feed. */
export function pricesAt(
  paths: Record<FeedName, MarketPath | number>,
  index: number,
  crashBps: number,
): Record<FeedName, number> {
  const prices = {} as Record<FeedName, number>
  for (const [name, path] of Object.entries(paths) as [FeedName, MarketPath | number][]) {
    prices[name] =
      typeof path === 'number' ? path : (path.priceAt(index * 1_000) * (10_000 - crashBps)) / 10_000
  }
  return prices
}
