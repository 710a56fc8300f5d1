import { Worker } from 'node:worker_threads'

export type HealthzSamples = {
  /** Milliseconds per answered 200. */
  latencies: number[]
  /** Requests that failed or answered other than 200. */
  failures: number
}

export type HealthzSampler = { stop(): Promise<HealthzSamples> }

/** Times `GET <node>/healthz` every `intervalMs` from a worker thread until stopped. */
export function sampleHealthz(node: string, intervalMs: number): HealthzSampler {
  const worker = new Worker(new URL('./healthzWorker.ts', import.meta.url), {
    workerData: { url: new URL('/healthz', node).toString(), intervalMs },
  })
  const result = new Promise<HealthzSamples>((resolve, reject) => {
    worker.once('message', (samples: HealthzSamples) => resolve(samples))
    worker.once('error', reject)
  })
  return {
    async stop() {
      worker.postMessage('stop')
      const samples = await result
      await worker.terminate()
      return samples
    },
  }
}
