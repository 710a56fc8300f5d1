// Submit → position open, through the whole network: `npm run bench:e2e` (with the gossip and
// validation benches). Three solver nodes on loopback, two anvil chains mining a block a second,
// ≥ 100 intents submitted over HTTP; the clock stops when the submitting node's chain watcher sees
// the engine's `Filled` (what a trader following the order over /v1/events sees).
// Goal (issue 5): submit → open ≤ the winning bid's wait + 2 destination blocks.
import { stringifyIntent, timeAtFee } from '@xmargin/intents'
import type { SolverNode, TimelineEntry } from '@xmargin/solver'
import {
  fixedFeeStrategy,
  signTestIntent,
  startTestDevnet,
  startTestFeed,
  startTestNetwork,
} from '@xmargin/solver/testing'
import { createPublicClient, type Hex, http, parseEther } from 'viem'

const INTENTS = Number(process.argv[2] ?? 100)
const SPACING_MS = 300
const BLOCK_SECONDS = 1
const WINNING_BID_BPS = 12
const FEE = { startBps: 10, maxBps: 50, rampSeconds: 40 }

const progress = (line: string) => process.stderr.write(`${line}\n`)

const devnet = await startTestDevnet()
for (const chain of devnet.manifest.chains) {
  await fetch(chain.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'evm_setIntervalMining', params: [BLOCK_SECONDS] }),
  })
}
const feed = startTestFeed(devnet.manifest)
const network = await startTestNetwork(devnet.manifest, [
  { solver: 0, strategy: fixedFeeStrategy(WINNING_BID_BPS) },
  { solver: 1, strategy: fixedFeeStrategy(WINNING_BID_BPS + 5) },
  { solver: 2, strategy: fixedFeeStrategy(null) },
])
try {
  await waitForMesh(network.nodes)
  const origin = createPublicClient({ transport: http(devnet.manifest.chains[0]?.rpcUrl) })
  const results: { latencyMs: number; waitMs: number; winner: string }[] = []
  const pending: Promise<void>[] = []
  progress(`submitting ${INTENTS} intents, one every ${SPACING_MS} ms, block time ${BLOCK_SECONDS} s …`)
  for (let i = 0; i < INTENTS; i++) {
    const node = network.nodes[i % network.nodes.length] as SolverNode
    const now = Number((await origin.getBlock()).timestamp)
    const signed = await signTestIntent({
      manifest: devnet.manifest,
      trader: i % 2,
      nonce: 1_000_000n + BigInt(i),
      now,
      collateralAmount: parseEther('0.5'),
      size: parseEther('0.2'),
      limitPrice: parseEther('3500'),
      fee: FEE,
    })
    const schedule = signed.order.orderData.fee
    const submittedAt = Date.now()
    const filled = waitForFilled(node)
    const response = await fetch(`${node.httpUrl()}/v1/intents`, {
      method: 'POST',
      body: stringifyIntent(signed),
    })
    const { orderId } = (await response.json()) as { orderId: Hex }
    if (response.status !== 202) throw new Error(`intent ${i} refused: ${response.status}`)
    const waitMs = Math.max(0, (timeAtFee(schedule, WINNING_BID_BPS) ?? 0) * 1000 - submittedAt)
    pending.push(
      filled(orderId).then((entry) => {
        results.push({ latencyMs: Date.now() - submittedAt, waitMs, winner: entry.actor ?? '?' })
        if (results.length % 20 === 0) progress(`  ${results.length}/${INTENTS} open`)
      }),
    )
    await new Promise((done) => setTimeout(done, SPACING_MS))
  }
  await Promise.all(pending)
  report(results)
} finally {
  await network.stop()
  await feed.stop()
  devnet.stop()
}

function waitForFilled(node: SolverNode): (orderId: Hex) => Promise<TimelineEntry> {
  const seen = new Map<string, TimelineEntry>()
  const waiters = new Map<string, (entry: TimelineEntry) => void>()
  const unsubscribe = node.subscribe((entry) => {
    if (entry.kind !== 'filled') return
    seen.set(entry.orderId, entry)
    waiters.get(entry.orderId)?.(entry)
  })
  return (orderId) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`order ${orderId} not open after 120 s`)), 120_000)
      const done = (entry: TimelineEntry) => {
        clearTimeout(timer)
        unsubscribe()
        resolve(entry)
      }
      const known = seen.get(orderId)
      if (known !== undefined) done(known)
      else waiters.set(orderId, done)
    })
}

async function waitForMesh(nodes: readonly SolverNode[]): Promise<void> {
  for (;;) {
    if (nodes.every((n) => n.peers().length >= nodes.length - 1)) break
    await new Promise((done) => setTimeout(done, 100))
  }
  await new Promise((done) => setTimeout(done, 1_500))
}

function report(results: { latencyMs: number; waitMs: number }[]): void {
  const latency = results.map((r) => r.latencyMs).sort((a, b) => a - b)
  const overshoot = results.map((r) => r.latencyMs - r.waitMs).sort((a, b) => a - b)
  const wait = results.map((r) => r.waitMs).sort((a, b) => a - b)
  const q = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
  const row = (name: string, s: number[]) =>
    `${name.padEnd(34)} ${[0.5, 0.9, 0.99].map((p) => `${Math.round(q(s, p))}`.padStart(7)).join('')}${`${Math.round(s[s.length - 1] ?? NaN)}`.padStart(7)}`
  const budget = 2 * BLOCK_SECONDS * 1000
  const within = overshoot.filter((o) => o <= budget).length
  console.log(
    `\nsubmit → position open, ${results.length} intents, 3 nodes, block time ${BLOCK_SECONDS} s (ms)`,
  )
  console.log(`${''.padEnd(34)}${['p50', 'p90', 'p99', 'max'].map((h) => h.padStart(7)).join('')}`)
  console.log(row('bid wait (schedule reaches 12 bps)', wait))
  console.log(row('submit → open', latency))
  console.log(row('submit → open − bid wait', overshoot))
  console.log(
    `goal: − bid wait ≤ 2 destination blocks (${budget} ms): ${within}/${results.length} intents within`,
  )
}
