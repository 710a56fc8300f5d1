import type { MechanismName } from '../mechanisms/types.ts'
import type { Scenario } from '../scenarios/types.ts'

/** One grid axis: a scenario leaf (dotted path) and the values it takes. */
export type GridAxis = { path: string; values: ReadonlyArray<number | string> }

/**
 * A whole run, validated: plain data, so it can be sent to workers and written to summary.json.
 * A `run` is the one-point grid (no axes).
 */
export type RunConfig = {
  scenario: Scenario
  mechanisms: readonly MechanismName[]
  replications: number
  seed: number
  grid: readonly GridAxis[]
}
