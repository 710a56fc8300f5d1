import { Worker } from 'node:worker_threads'
import type { TaskResult } from '../engine/taskResult.ts'
import { WorkerError } from '../errors.ts'
import type { Task } from './plan.ts'
import type { RunConfig } from './runConfig.ts'
import { runTask } from './runTask.ts'
import type { WorkerReply, WorkerRequest } from './worker.ts'

/**
 * Runs `tasks` on `workers` threads (1: on this thread) and hands each result to `onResult` in task
 * order, whatever order they finish in: a result that arrives early waits in a small reorder buffer.
 * Workers pull the next task when they finish one, so a slow task does not idle the others.
 */
export async function executeTasks(
  config: RunConfig,
  tasks: readonly Task[],
  workers: number,
  onResult: (result: TaskResult, task: Task) => void | Promise<void>,
): Promise<void> {
  if (workers <= 1) {
    for (const task of tasks) {
      await onResult(runTask(config, task), task)
      // Let the output stream drain and progress render between tasks.
      await new Promise((resolve) => setImmediate(resolve))
    }
    return
  }
  const waiting = new Map<number, TaskResult>()
  let nextToEmit = 0
  let nextToSend = 0
  let emitting = Promise.resolve()
  const threads = Array.from(
    { length: Math.min(workers, tasks.length) },
    () => new Worker(new URL('./worker.ts', import.meta.url)),
  )
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (thread: Worker) => {
        if (nextToSend >= tasks.length) return
        const request: WorkerRequest = { kind: 'task', index: nextToSend++ }
        thread.postMessage(request)
      }
      const emitReady = async () => {
        for (let result = waiting.get(nextToEmit); result !== undefined; result = waiting.get(nextToEmit)) {
          waiting.delete(nextToEmit)
          await onResult(result, tasks[nextToEmit] as Task)
          nextToEmit++
        }
        if (nextToEmit === tasks.length) resolve()
      }
      for (const thread of threads) {
        thread.on('error', (error) => reject(new WorkerError(`a worker failed: ${error.message}`, error)))
        thread.on('message', ({ index, result }: WorkerReply) => {
          waiting.set(index, result)
          send(thread)
          emitting = emitting.then(emitReady).catch(reject)
        })
        const configRequest: WorkerRequest = { kind: 'config', config }
        thread.postMessage(configRequest)
        send(thread)
      }
    })
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()))
  }
}
