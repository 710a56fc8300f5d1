import { UnknownScenarioError } from '../errors.ts'
import { baseline } from './baseline.ts'
import { stressed } from './stressed.ts'
import { textbook } from './textbook.ts'
import type { Scenario } from './types.ts'

/** The built-in scenarios, in the order `xmargin sim list` shows them. */
export const SCENARIOS: readonly Scenario[] = [baseline, stressed, textbook]

/** The built-in scenario called `name`, or an error listing the known names. */
export function getScenario(name: string): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.name === name)
  if (scenario === undefined)
    throw new UnknownScenarioError(
      name,
      SCENARIOS.map((s) => s.name),
    )
  return scenario
}
