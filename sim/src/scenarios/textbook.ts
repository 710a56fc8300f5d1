import type { Scenario } from './types.ts'

/**
 * The world of auction theory's revenue-equivalence theorem: each intent is auctioned alone, every
 * solver's cost is independently U[0, 1] (scaled to 0…10,000 bps, the full fee range), nobody is late,
 * nothing reverts, capital is free and unlimited. Expected fee: 2/(n + 1) of the range in every format.
 */
export const textbook: Scenario = {
  name: 'textbook',
  description: 'independent U[0,1] costs, one auction at a time, no latency: revenue equivalence holds',
  intents: 20_000,
  solvers: 5,
  traders: {
    arrival: 'fixed',
    // One intent every three hours: each auction, batch and position is over before the next arrives.
    arrivalRatePerS: 1 / 10_800,
    notionalMedianUsd: 10_000,
    notionalSigma: 0,
    leverageMax: 1,
    slippageBps: 10_000,
    // 1 bps per second: the continuous Dutch formats resolve a quote to within 1 bps.
    fee: { startBps: 0, maxBps: 10_000, durationS: 10_000 },
    holdMeanS: 60,
  },
  solver: {
    costLowBps: 0,
    costHighBps: 10_000,
    gasOriginUsd: 0,
    gasDestinationUsd: 0,
    capitalRateAnnual: 0,
    inventoryUsd: 1e15,
    revertProbability: 0,
    observationMeanMs: 0,
    strategy: 'equilibrium',
  },
  chains: { originBlockMs: 1_000, destinationBlockMs: 1_000 },
  route: { latencyMedianMs: 1_000, latencySigma: 0, outagesPerDay: 0, outageMeanS: 0 },
  market: {
    price0: 1_000,
    driftAnnual: 0,
    sigmaAnnual: 0,
    jumpsPerDay: 0,
    jumpMean: 0,
    jumpSigma: 0,
    tickMs: 3_600_000,
    oracleLagMs: 0,
  },
  risk: {
    marginRule: 'fixed',
    maintenanceRate: 0.005,
    fixedBufferBps: 0,
    z: 3,
    execMs: 0,
    seizeMs: 0,
    liquidationFeeBps: 0,
  },
  auction: { bidWindowMs: 1_000, rfqWindowMs: 1_000, exclusiveMs: 1_000, batchMs: 10_000, graceMs: 1_000 },
}
