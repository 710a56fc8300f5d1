// The public surface of @xmargin/sim, listed by name (index.test.ts snapshots it).

export { type SimulateParameters, simulate } from './engine/simulate.ts'
export type { MetricValue, TaskResult } from './engine/taskResult.ts'
export {
  ConfigError,
  SimError,
  type SimErrorCode,
  UnknownMechanismError,
  UnknownScenarioError,
  WorkerError,
} from './errors.ts'
export { getMechanism, MECHANISM_NAMES, MECHANISMS } from './mechanisms/registry.ts'
export type { Mechanism, MechanismName, PaymentRule } from './mechanisms/types.ts'
export { METRIC_DESCRIPTIONS, METRIC_KIND, METRIC_NAMES, type MetricName } from './metrics/names.ts'
export { MarketPath } from './models/market.ts'
export { createRng, type Rng, type StreamKey } from './random/rng.ts'
export { type RenderReportReturnType, renderReport } from './report/renderReport.ts'
export { parseGridFile, parseRunConfig, type RunRequest } from './run/parseRunConfig.ts'
export type { GridAxis, RunConfig } from './run/runConfig.ts'
export {
  type RunProgress,
  type RunSimulationParameters,
  type RunSimulationReturnType,
  runSimulation,
  type Summary,
} from './run/runSimulation.ts'
export type { MechanismSummary, MetricSummary } from './run/summarize.ts'
export { getScenario, SCENARIOS } from './scenarios/registry.ts'
export type { MarketModel, Scenario } from './scenarios/types.ts'
