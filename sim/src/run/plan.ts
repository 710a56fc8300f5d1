import { getMechanism } from '../mechanisms/registry.ts'
import type { Mechanism } from '../mechanisms/types.ts'
import { overrideScenario } from '../scenarios/overrideScenario.ts'
import type { Scenario } from '../scenarios/types.ts'
import type { RunConfig } from './runConfig.ts'

export type GridPoint = { index: number; values: ReadonlyArray<number | string>; scenario: Scenario }

export type Task = { index: number; gridPoint: GridPoint; replication: number; mechanism: Mechanism }

/** The full Cartesian grid, first axis slowest, each point's scenario with its overrides applied. */
export function gridPoints(config: RunConfig): GridPoint[] {
  const combinations = config.grid.reduce<Array<Array<number | string>>>(
    (partial, axis) => partial.flatMap((prefix) => axis.values.map((value) => [...prefix, value])),
    [[]],
  )
  return combinations.map((values, index) => ({
    index,
    values,
    scenario: overrideScenario(
      config.scenario,
      Object.fromEntries(config.grid.map((axis, i) => [axis.path, values[i]])),
      'grid.',
    ),
  }))
}

/**
 * Every task in canonical order: grid point, then replication, then mechanism. Output rows follow this
 * order whatever order workers finish in, which is what makes results.csv identical for any worker count.
 */
export function planTasks(config: RunConfig): Task[] {
  const mechanisms = config.mechanisms.map(getMechanism)
  return gridPoints(config)
    .flatMap((gridPoint) =>
      Array.from({ length: config.replications }, (_, replication) => replication).flatMap((replication) =>
        mechanisms.map((mechanism) => ({ index: 0, gridPoint, replication, mechanism })),
      ),
    )
    .map((task, index) => ({ ...task, index }))
}
