/**
 * Everything one simulated world needs. Units are in the names: `…Ms` integer milliseconds, `…S`
 * seconds, `…Bps` basis points, `…Usd` dollars, `…Annual` per year. A grid sweep overrides any numeric
 * or text leaf by its dotted path (`route.latencyMedianMs`, `risk.marginRule`, `solvers`).
 */
export type Scenario = {
  name: string
  description: string
  /** Intents per replication. */
  intents: number
  /** Competing solvers. */
  solvers: number
  traders: TraderModel
  solver: SolverModel
  chains: ChainModel
  route: RouteModel
  market: MarketModel
  risk: RiskModel
  auction: AuctionParameters
}

export type TraderModel = {
  /** `poisson` arrivals, or `fixed` spacing (the textbook: one auction at a time). */
  arrival: 'poisson' | 'fixed'
  arrivalRatePerS: number
  notionalMedianUsd: number
  /** Log-space standard deviation of the notional; 0 gives every trader the median. */
  notionalSigma: number
  /** Leverage is drawn uniformly from the integers 1…leverageMax. */
  leverageMax: number
  /** Worst acceptable entry price, as bps away from the oracle price the trader saw. */
  slippageBps: number
  fee: { startBps: number; maxBps: number; durationS: number }
  /** Mean holding time of an opened position (exponential). */
  holdMeanS: number
}

export type SolverModel = {
  /** Private cost per intent, uniform on [low, high] bps of collateral: hedging, inventory skew. */
  costLowBps: number
  costHighBps: number
  /** Gas per fill on each chain, in dollars. */
  gasOriginUsd: number
  gasDestinationUsd: number
  /** Cost of the capital a solver fronts on the destination until the `Locked` message repays it. */
  capitalRateAnnual: number
  /** Capital each solver can have fronted at once. */
  inventoryUsd: number
  /** Chance that a fill the solver lands reverts (or that it fades). */
  revertProbability: number
  /** Mean delay before a solver sees an intent (exponential). */
  observationMeanMs: number
  /** `equilibrium`: the risk-neutral equilibrium bid for the mechanism's payment rule; `truthful`: bid cost. */
  strategy: 'equilibrium' | 'truthful'
}

export type ChainModel = { originBlockMs: number; destinationBlockMs: number }

export type RouteModel = {
  /** Message latency is lognormal: median and log-space sigma. */
  latencyMedianMs: number
  latencySigma: number
  /** Outages start as a Poisson process; a message sent during one waits for its end. */
  outagesPerDay: number
  outageMeanS: number
}

export type MarketModel = {
  price0: number
  driftAnnual: number
  sigmaAnnual: number
  /** Merton jumps: rate, and the mean and sigma of the log jump. */
  jumpsPerDay: number
  jumpMean: number
  jumpSigma: number
  /** Oracle update cadence (also the keeper's cadence) and how far the oracle lags the market. */
  tickMs: number
  oracleLagMs: number
}

export type RiskModel = {
  /** `latency-aware`: rate + z·σ·√(T_detect + T_exec + T_message + T_seize) + fee; `fixed`: rate + buffer + fee. */
  marginRule: 'latency-aware' | 'fixed'
  maintenanceRate: number
  fixedBufferBps: number
  z: number
  execMs: number
  seizeMs: number
  liquidationFeeBps: number
}

export type AuctionParameters = {
  /** Sealed bids and binding Dutch bids are collected for this long. */
  bidWindowMs: number
  rfqWindowMs: number
  /** How long the RFQ winner holds exclusivity before the Dutch fallback opens. */
  exclusiveMs: number
  batchMs: number
  /** How long the next bidder waits after a fade or a revert. */
  graceMs: number
}
