// A worker thread: receives the run's config once, then task indices, and answers with task results.
import { parentPort } from 'node:worker_threads'
import type { TaskResult } from '../engine/taskResult.ts'
import { planTasks, type Task } from './plan.ts'
import type { RunConfig } from './runConfig.ts'
import { runTask } from './runTask.ts'

export type WorkerRequest = { kind: 'config'; config: RunConfig } | { kind: 'task'; index: number }

export type WorkerReply = { index: number; result: TaskResult }

let tasks: Task[] = []
let config: RunConfig | undefined

parentPort?.on('message', (request: WorkerRequest) => {
  if (request.kind === 'config') {
    config = request.config
    tasks = planTasks(request.config)
    return
  }
  const task = tasks[request.index]
  if (config === undefined || task === undefined) throw new Error(`task ${request.index} before its config`)
  const reply: WorkerReply = { index: request.index, result: runTask(config, task) }
  parentPort?.postMessage(reply)
})
