import { MarketPath } from '../models/market.ts'
import { Route } from '../models/route.ts'
import { TraderFlow } from '../models/traders.ts'
import { createRng, type Rng } from '../random/rng.ts'
import type { Scenario } from '../scenarios/types.ts'

export type SolverStreams = { cost: Rng; observation: Rng; revert: Rng }

/** The agents and environment of one replication, each on its own streams. */
export type World = {
  traders: TraderFlow
  solvers: SolverStreams[]
  tieBreak: Rng
  market: MarketPath
  route: Route
}

export type CreateWorldParameters = { scenario: Scenario; seed: number; replication: number }

/**
 * Builds a replication's world. Every stream is keyed by (seed, scenario, replication, agent, purpose);
 * the mechanism is deliberately not in the key, so all mechanisms face the same traders, costs and
 * prices (common random numbers: their differences are not noise between draws).
 */
export function createWorld({ scenario, seed, replication }: CreateWorldParameters): World {
  const rng = (agent: string, stream: string) =>
    createRng({ seed, scenario: scenario.name, replication, agent, stream })
  return {
    traders: new TraderFlow(scenario.traders, {
      arrivals: rng('trader', 'arrivals'),
      notional: rng('trader', 'notional'),
      leverage: rng('trader', 'leverage'),
      side: rng('trader', 'side'),
      hold: rng('trader', 'hold'),
    }),
    solvers: Array.from({ length: scenario.solvers }, (_, i) => ({
      cost: rng(`solver-${i}`, 'cost'),
      observation: rng(`solver-${i}`, 'observation'),
      revert: rng(`solver-${i}`, 'revert'),
    })),
    tieBreak: rng('auction', 'tie-break'),
    market: new MarketPath(scenario.market, rng('market', 'path')),
    route: new Route(scenario.route, rng('route', 'latency'), rng('route', 'outages')),
  }
}
