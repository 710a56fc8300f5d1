import type { PaymentRule } from '../mechanisms/types.ts'
import type { SolverModel } from '../scenarios/types.ts'

const MS_PER_YEAR = 365.25 * 86_400_000

/**
 * A solver's full cost of filling, in bps of the collateral: a private part (hedging, inventory skew:
 * `privateDraw` is its U[0,1] draw), gas on both chains, and the capital it fronts on the destination
 * for as long as the `Locked` message takes to repay it.
 */
export function solverCostBps(
  model: SolverModel,
  privateDraw: number,
  collateralUsd: number,
  routeLatencyMs: number,
): number {
  const privateBps = model.costLowBps + privateDraw * (model.costHighBps - model.costLowBps)
  const gasBps = ((model.gasOriginUsd + model.gasDestinationUsd) / collateralUsd) * 10_000
  const capitalBps = model.capitalRateAnnual * (routeLatencyMs / MS_PER_YEAR) * 10_000
  return privateBps + gasBps + capitalBps
}

/**
 * The fee a solver asks, rounded up to a whole bps (fees are integers on chain). Under `equilibrium`
 * it is the risk-neutral equilibrium of n bidders with costs uniform up to the trader's maximum fee:
 * c + (max − c)/n where the winner is paid its bid, c where the price is set by others.
 */
export function solverBidBps(
  model: SolverModel,
  costBps: number,
  maxBps: number,
  solvers: number,
  payment: PaymentRule,
): number {
  const shade = model.strategy === 'equilibrium' && payment === 'as-bid'
  return Math.ceil(shade ? costBps + (maxBps - costBps) / solvers : costBps)
}
