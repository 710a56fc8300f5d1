import { baseline } from './baseline.ts'
import type { Scenario } from './types.ts'

/** The baseline on a slow optimistic-style route in a crash-prone market: where margin rules differ. */
export const stressed: Scenario = {
  ...baseline,
  name: 'stressed',
  description: 'baseline with a ~10 min route, frequent outages, 120% vol and large jumps: bad debt appears',
  route: { latencyMedianMs: 600_000, latencySigma: 0.8, outagesPerDay: 4, outageMeanS: 1_800 },
  market: { ...baseline.market, sigmaAnnual: 1.2, jumpsPerDay: 6, jumpMean: -0.01, jumpSigma: 0.05 },
}
