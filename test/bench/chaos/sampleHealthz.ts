import { Worker } from 'node:worker_threads'

export type HealthzSamples = {
  /** Milliseconds per answered 200. */
  latencies: number[]
  /** Requests that failed or answered other than 200. */
  failures: number
}

export type HealthzSampler = {
  /** Resolves once the worker is up and connected, when its timed requests begin. */
  ready: Promise<void>
  stop(): Promise<HealthzSamples>
}

/** Times `GET <node>/healthz` every `intervalMs` from a worker thread until stopped. */
export function sampleHealthz(node: string, intervalMs: number): HealthzSampler {
  const worker = new Worker(new URL('./healthzWorker.ts', import.meta.url), {
    workerData: { url: new URL('/healthz', node).toString(), intervalMs },
  })
  let started: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    started = resolve
  })
  const result = new Promise<HealthzSamples>((resolve, reject) => {
    worker.on('message', (message: 'ready' | HealthzSamples) => {
      if (message === 'ready') started()
      else resolve(message)
    })
    // A worker that fails never says ready: the measure goes on, and stop() reports the error.
    worker.once('error', (error) => {
      started()
      reject(error)
    })
  })
  return {
    ready,
    async stop() {
      worker.postMessage('stop')
      const samples = await result
      await worker.terminate()
      return samples
    },
  }
}
