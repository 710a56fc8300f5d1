import { mkdtemp, rm } from 'node:fs/promises'
import { Agent } from 'node:http'
import { getPriority, setPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { stringifyIntent } from '@xmargin/intents'
import { createGossipNode, createLogger, type GossipNode, INTENTS_TOPIC } from '@xmargin/solver'
import { signTestIntent } from '@xmargin/solver/testing'
import { chainNow, eventually } from '../../solver/networkHelpers.ts'
import { type SolverProcess, startSolverProcess } from '../../solver/solverProcess.ts'
import { type ControlServer, startControlServer } from './controlServer.ts'
import { type PostIntentReturnType, postIntent, statusCounts } from './postIntent.ts'
import { processCpuSeconds } from './processCpu.ts'
import { reencodeIntent } from './reencodeIntent.ts'
import { type HealthzSamples, sampleHealthz } from './sampleHealthz.ts'
import { BLOCK_SECONDS, FEE, type Scenario, sleep } from './scenario.ts'
import { scrapeMetric } from './scrapeMetric.ts'
import { startChaosChains } from './startChaosChains.ts'
import { goal, ms, quantile, table } from './table.ts'

const COPIES = 20_000
const HTTP_IN_FLIGHT = 32
const SAMPLE_EVERY_MS = 20
const BASELINE_MS = 5_000
const HEALTHZ_P99_BUDGET_MS = 50
// The flooding peer lets the HTTP flood (same process) run this often: publishing never waits on I/O,
// so an unbroken loop of 20,000 publishes would leave the HTTP client's sockets unread for seconds.
const PUBLISHES_PER_TURN = 16

type Phase = {
  name: string
  seconds: number
  cpuSeconds: number
  healthz: HealthzSamples
  /** The same requests to a do-nothing server in another process: the machine's share of a latency. */
  control: HealthzSamples
  /** Copies the node refused as NON_CANONICAL during the phase, by source. */
  nonCanonical: { http: number; gossip: number }
  /** Gossip copies the node ignored unvalidated, the flooder being over its per-peer budget. */
  overBudget: number
  /** The longest this process (the HTTP client, the flooding peer) went without a turn of its event loop. */
  clientStallMs: number
  http: PostIntentReturnType[]
  gossip: GossipFlood | undefined
}

type GossipFlood = {
  published: number
  failures: Map<string, number>
  /** Whether the node still had the flooding peer connected when the flood ended. */
  stillConnected: boolean
}

/**
 * (d) 20,000 re-encodings of an intent the node holds, over HTTP (32 in flight, one client IP) and over
 * gossip from a raw peer, against `xmargin solver start` in its own process: the CPU the node spends
 * and how its /healthz answers, against the same measures while idle. Each channel alone, then both
 * at once; each flood from a fresh client IP and a fresh peer, so none starts rate-limited or graylisted.
 */
export const runFlood: Scenario = async (progress) => {
  const chains = await startChaosChains({ traders: 1, blockSeconds: BLOCK_SECONDS })
  const { manifest } = chains
  const dir = await mkdtemp(join(tmpdir(), 'xmargin-flood-'))
  let node: SolverProcess | undefined
  let control: ControlServer | undefined
  const peers: GossipNode[] = []
  try {
    node = await startSolverProcess({ manifest, dir })
    control = await startControlServer()
    const measured = node
    const controlUrl = control.url
    progress(`  node started (pid ${measured.pid}); submitting the intent to copy …`)
    const signed = await signTestIntent({
      manifest,
      nonce: 4_000_000n,
      now: await chainNow(manifest),
      fee: FEE,
    })
    const canonical = stringifyIntent(signed)
    const first = await postIntent({ node: measured.http, body: canonical })
    if (first.status !== 202) throw new Error(`the intent to copy was refused: ${first.status} ${first.code}`)
    // Gossip message ids are content hashes: each gossip flood needs copies the node has not seen.
    const copies = reencodeIntent(canonical, 2 * COPIES)
    const encoder = new TextEncoder()
    let httpFloods = 0
    const floodOverHttp = () =>
      floodHttp(measured.http, copies.slice(0, COPIES), `127.0.0.${20 + httpFloods++}`)
    // The flooding peer joins before its phase is timed: a libp2p start and a mesh graft are not the flood.
    const gossipFlooder = async () => {
      const peer = await joinAsRawPeer(measured.multiaddrs)
      peers.push(peer)
      const offset = (peers.length - 1) * COPIES
      const frames = copies.slice(offset, offset + COPIES).map((copy) => encoder.encode(copy))
      return () => floodGossip(peer, frames)
    }
    const phase = async (
      name: string,
      run: () => Promise<{ http?: PostIntentReturnType[]; gossip?: GossipFlood }>,
    ): Promise<Phase> => {
      progress(`  ${name} …`)
      const before = await nonCanonicalOf(measured.http)
      const overBudgetBefore = await overBudgetOf(measured.http)
      const stalls = monitorEventLoopDelay({ resolution: 10 })
      stalls.enable()
      const result = await measure(measured.pid, measured.http, controlUrl, run)
      stalls.disable()
      const after = await nonCanonicalOf(measured.http)
      return {
        name,
        ...result,
        nonCanonical: { http: after.http - before.http, gossip: after.gossip - before.gossip },
        overBudget: (await overBudgetOf(measured.http)) - overBudgetBefore,
        clientStallMs: stalls.max / 1e6,
        http: result.value.http ?? [],
        gossip: result.value.gossip,
      }
    }

    const phases = [
      await phase('idle baseline', async () => {
        await sleep(BASELINE_MS)
        return {}
      }),
      await phase('HTTP flood', async () => ({ http: await floodOverHttp() })),
      await gossipFlooder().then((floodOverGossip) =>
        phase('gossip flood', async () => ({ gossip: await floodOverGossip() })),
      ),
      await gossipFlooder().then((floodOverGossip) =>
        phase('both at once', async () => {
          const [http, gossip] = await Promise.all([floodOverHttp(), floodOverGossip()])
          return { http, gossip }
        }),
      ),
    ]
    const health = await fetch(new URL('/healthz', measured.http)).then((r) => r.status)
    const row = (p: Phase) => [
      p.name,
      p.seconds.toFixed(1),
      p.cpuSeconds.toFixed(2),
      (p.cpuSeconds / p.seconds).toFixed(2),
      ms(quantile(p.healthz.latencies, 0.5)),
      ms(quantile(p.healthz.latencies, 0.99)),
      ms(quantile(p.healthz.latencies, 1)),
      ms(quantile(p.control.latencies, 0.99)),
      `${p.healthz.latencies.length}`,
      `${p.healthz.failures}`,
      `${p.nonCanonical.http}`,
      `${p.nonCanonical.gossip}`,
      `${p.overBudget}`,
      ms(p.clientStallMs),
    ]
    const floods = phases.slice(1)
    const worst = Math.max(...floods.map((p) => quantile(p.healthz.latencies, 0.99)))
    return [
      `(d) flood: ${COPIES.toLocaleString('en-US')} re-encoded copies of a held intent over HTTP POST ` +
        `(${HTTP_IN_FLIGHT} in flight, one client IP) and over gossip from a raw peer, alone and at once, ` +
        'to `xmargin solver start` in its own process; /healthz timed every 20 ms from a worker thread, ' +
        'and the same for a do-nothing HTTP server in its own process (control)',
      ...table(
        [
          '',
          's',
          'CPU s',
          'CPU s/s',
          '/healthz p50 ms',
          'p99 ms',
          'max ms',
          'control p99 ms',
          'samples',
          'failed',
          'NON_CANONICAL http',
          'gossip',
          'over budget',
          'client stall ms',
        ],
        phases.map(row),
      ),
      ...floods.flatMap((p) => [
        ...(p.http.length === 0 ? [] : [`  ${p.name}, HTTP: ${statusCounts(p.http)}`]),
        ...(p.gossip === undefined ? [] : [`  ${p.name}, gossip: ${gossipLine(p.gossip)}`]),
      ]),
      '  (over budget: gossip copies ignored unvalidated, past the flooder’s per-peer budget; copies past ' +
        'NON_CANONICAL + over budget never reached the node: it graylisted and disconnected the flooder)',
      '  (client stall: the longest this process, sender of both floods, went without an event-loop turn)',
      FLOODER_NICED
        ? '  (the flooding thread ran at nice 19, as if on another machine; the samplers and the node at their own priority)'
        : '  (the flooding thread could not be niced here, so it competed with the node for the cores)',
      `  /healthz after the floods: ${health}`,
      goal(
        `/healthz p99 < ${HEALTHZ_P99_BUDGET_MS} ms during every flood (worst ${ms(worst)} ms)`,
        worst < HEALTHZ_P99_BUDGET_MS,
      ),
    ]
  } finally {
    progress('  stopping …')
    await Promise.allSettled(peers.map((peer) => peer.stop()))
    await node?.stop()
    await control?.stop()
    await chains.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

async function joinAsRawPeer(bootstrap: readonly string[]): Promise<GossipNode> {
  const peer = await createGossipNode({
    listen: ['/ip4/127.0.0.1/tcp/0'],
    bootstrap,
    validate: { intent: async () => 'accept', bid: async () => 'accept' },
    logger: createLogger({ name: 'flooder', level: 'silent' }),
  })
  await peer.start()
  await eventually('the flooding peer in the node’s intents mesh', () =>
    peer.meshPeers(INTENTS_TOPIC).length > 0 ? true : undefined,
  )
  return peer
}

async function overBudgetOf(node: string): Promise<number> {
  return scrapeMetric(node, 'xmargin_gossip_over_budget_total', { topic: 'intent' })
}

async function nonCanonicalOf(node: string): Promise<{ http: number; gossip: number }> {
  const [http, gossip] = await Promise.all(
    (['http', 'gossip'] as const).map((source) =>
      scrapeMetric(node, 'xmargin_intents_non_canonical_total', { source }),
    ),
  )
  return { http: http ?? 0, gossip: gossip ?? 0 }
}

function gossipLine({ published, failures, stillConnected }: GossipFlood): string {
  const failed = [...failures].map(([message, n]) => `${message} ×${n}`).join('; ')
  return (
    `${published.toLocaleString('en-US')} published${failed === '' ? '' : `, failed: ${failed}`}` +
    (stillConnected ? ', the flooder still connected at the end' : ', the flooder disconnected by the node')
  )
}

/** The node's CPU seconds and /healthz latencies while `run` runs, and what it returned. */
async function measure<T>(
  pid: number,
  node: string,
  control: string,
  run: () => Promise<T>,
): Promise<{
  seconds: number
  cpuSeconds: number
  healthz: HealthzSamples
  control: HealthzSamples
  value: T
}> {
  const sampler = sampleHealthz(node, SAMPLE_EVERY_MS)
  const controlSampler = sampleHealthz(control, SAMPLE_EVERY_MS)
  await Promise.all([sampler.ready, controlSampler.ready])
  const cpuBefore = await processCpuSeconds(pid)
  const start = performance.now()
  const value = await withFlooderNiced(run)
  const seconds = (performance.now() - start) / 1000
  const cpuSeconds = (await processCpuSeconds(pid)) - cpuBefore
  return { seconds, cpuSeconds, healthz: await sampler.stop(), control: await controlSampler.stop(), value }
}

/**
 * Runs `run` with this thread (the flooding client and peer) at the lowest CPU priority, when it can
 * be raised back afterwards (root, or CAP_SYS_NICE). A real flooder does not share the node's machine:
 * on 2 cores, its publishing loop at full speed starved the node, the samplers and the do-nothing
 * control server alike (control p99 114–152 ms in the gossip phase). Linux niceness is per thread, so
 * the samplers' worker threads, started before, keep theirs.
 */
async function withFlooderNiced<T>(run: () => Promise<T>): Promise<T> {
  if (!FLOODER_NICED) return run()
  const priority = getPriority()
  setPriority(19)
  try {
    return await run()
  } finally {
    setPriority(priority)
  }
}

function canRenice(priority: number): boolean {
  try {
    setPriority(Math.min(19, priority + 1))
    setPriority(priority)
    return true
  } catch {
    return false
  }
}

/** Whether {@link withFlooderNiced} can lower the flooder's priority here (checked once, at load). */
const FLOODER_NICED = canRenice(getPriority())

async function floodHttp(
  node: string,
  copies: readonly string[],
  localAddress: string,
): Promise<PostIntentReturnType[]> {
  // Its own sockets: kept-alive ones from an earlier flood may have been closed by the server meanwhile.
  const agent = new Agent({ keepAlive: true, maxSockets: HTTP_IN_FLIGHT })
  const answers: PostIntentReturnType[] = []
  let next = 0
  const worker = async () => {
    while (next < copies.length) {
      const body = copies[next++] ?? ''
      answers.push(await postIntent({ node, body, agent, localAddress }))
    }
  }
  await Promise.all(Array.from({ length: HTTP_IN_FLIGHT }, worker))
  agent.destroy()
  return answers
}

async function floodGossip(peer: GossipNode, copies: readonly Uint8Array[]): Promise<GossipFlood> {
  let published = 0
  const failures = new Map<string, number>()
  for (const [i, copy] of copies.entries()) {
    if (i % PUBLISHES_PER_TURN === 0) await nextTurn()
    try {
      await peer.publishIntent(copy)
      published++
    } catch (error) {
      const message = (error as Error).message
      failures.set(message, (failures.get(message) ?? 0) + 1)
    }
  }
  return { published, failures, stillConnected: peer.peers().length > 0 }
}
