import { simulate } from '../engine/simulate.ts'
import type { TaskResult } from '../engine/taskResult.ts'
import type { Task } from './plan.ts'
import type { RunConfig } from './runConfig.ts'

/** Runs one planned task: the same call on the main thread or in a worker. */
export function runTask(config: RunConfig, task: Task): TaskResult {
  return simulate({
    scenario: task.gridPoint.scenario,
    mechanism: task.mechanism,
    seed: config.seed,
    replication: task.replication,
    gridPoint: task.gridPoint.index,
  })
}
