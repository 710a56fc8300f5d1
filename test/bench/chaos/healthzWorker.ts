// A worker thread that times `GET /healthz` every `intervalMs` until told to stop, then posts the
// latencies: on its own event loop, so the flood this process sends does not delay the clock.
import { parentPort, workerData } from 'node:worker_threads'

const { url, intervalMs } = workerData as { url: string; intervalMs: number }
let running = true
parentPort?.once('message', () => {
  running = false
})
const latencies: number[] = []
let failures = 0
// One untimed request first: the worker's first fetch loads the HTTP client and opens the connection
// (60–100 ms here), which is the sampler starting, not the server answering.
await fetch(url)
  .then((response) => response.arrayBuffer())
  .catch(() => undefined)
parentPort?.postMessage('ready')
let next = performance.now()
while (running) {
  const start = performance.now()
  try {
    const response = await fetch(url)
    await response.arrayBuffer()
    if (response.ok) latencies.push(performance.now() - start)
    else failures++
  } catch {
    failures++
  }
  next += intervalMs
  const wait = next - performance.now()
  if (wait < 0) next = performance.now()
  await new Promise((done) => setTimeout(done, Math.max(0, wait)))
}
parentPort?.postMessage({ latencies, failures })
