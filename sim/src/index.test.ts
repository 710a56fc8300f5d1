import { expect, test } from 'vitest'
import * as sim from './index.ts'

// An accidental change to the public surface fails here; a deliberate one updates this list.
test('the public API is exactly these names', () => {
  expect(Object.keys(sim).sort()).toMatchInlineSnapshot(`
    [
      "ConfigError",
      "MECHANISMS",
      "MECHANISM_NAMES",
      "METRIC_DESCRIPTIONS",
      "METRIC_KIND",
      "METRIC_NAMES",
      "MarketPath",
      "SCENARIOS",
      "SimError",
      "UnknownMechanismError",
      "UnknownScenarioError",
      "WorkerError",
      "createRng",
      "getMechanism",
      "getScenario",
      "parseGridFile",
      "parseRunConfig",
      "renderReport",
      "runSimulation",
      "simulate",
    ]
  `)
})
