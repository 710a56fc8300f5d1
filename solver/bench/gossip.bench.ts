// Gossip propagation on loopback: N libp2p nodes in one process, each bootstrapping from up to 3 random
// earlier nodes (a sparse, connected graph, not a full mesh), default 1 s heartbeat and production score
// parameters. After the mesh forms, MESSAGES intents are published from random nodes, SPACING_MS apart;
// latency is publish → accepted at each other node (through async validation). A 5-node run is the
// baseline for the 20-node one. Run: node bench/gossip.bench.ts   (progress on stderr, table on stdout)

import { createLogger } from '../src/infra/createLogger.ts'
import { createGossipNode, type GossipNode, type GossipValidator } from '../src/infra/p2p/createGossipNode.ts'
import { INTENTS_TOPIC } from '../src/infra/p2p/topics.ts'

const MESSAGES = 200
const SPACING_MS = 25
const DIALS_PER_NODE = 3
const DRAIN_TIMEOUT_MS = 15_000
const MESH_TIMEOUT_MS = 60_000

const logger = createLogger({ name: 'gossip-bench', level: 'silent' })
const progress = (line: string) => process.stderr.write(`${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// The cost of a real validator's first step (JSON parse); chain reads are out of scope here.
const validator: GossipValidator = async (data) => {
  try {
    const body = JSON.parse(new TextDecoder().decode(data)) as { seq?: unknown }
    return typeof body.seq === 'number' ? 'accept' : 'reject'
  } catch {
    return 'reject'
  }
}

type Row = {
  nodes: number
  messages: number
  deliveries: number
  expected: number
  meshMs: number
  latencies: number[]
}

async function run(nodeCount: number): Promise<Row> {
  const nodes: GossipNode[] = []
  const publishedAt = new Map<number, number>()
  const latencies: number[] = []
  for (let i = 0; i < nodeCount; i++) {
    const earlier = [...nodes].sort(() => Math.random() - 0.5).slice(0, DIALS_PER_NODE)
    const node = await createGossipNode({
      listen: ['/ip4/127.0.0.1/tcp/0'],
      bootstrap: earlier.flatMap((peer) => peer.multiaddrs()),
      validate: { intent: validator, bid: validator },
      logger,
    })
    node.onIntent((data) => {
      const at = performance.now()
      const { seq } = JSON.parse(new TextDecoder().decode(data)) as { seq: number }
      const sent = publishedAt.get(seq)
      if (sent !== undefined) latencies.push(at - sent)
    })
    await node.start()
    nodes.push(node)
  }
  progress(`[${nodeCount} nodes] started; waiting for the mesh`)
  const meshStart = performance.now()
  const meshReady = () =>
    nodes.every((node) => {
      const peers = node.peers().length
      return peers > 0 && node.meshPeers(INTENTS_TOPIC).length >= Math.min(peers, 4)
    })
  while (!meshReady()) {
    if (performance.now() - meshStart > MESH_TIMEOUT_MS) throw new Error('mesh did not form')
    await sleep(50)
  }
  const meshMs = performance.now() - meshStart
  const links = nodes.reduce((sum, node) => sum + node.peers().length, 0) / 2
  const meshSizes = nodes.map((node) => node.meshPeers(INTENTS_TOPIC).length)
  progress(
    `[${nodeCount} nodes] mesh ready in ${meshMs.toFixed(0)} ms: ${links} connections, ` +
      `mesh size ${Math.min(...meshSizes)}..${Math.max(...meshSizes)}`,
  )

  for (let seq = 0; seq < MESSAGES; seq++) {
    const from = nodes[Math.floor(Math.random() * nodes.length)] as GossipNode
    const payload = new TextEncoder().encode(JSON.stringify({ seq, pad: 'x'.repeat(600) }))
    publishedAt.set(seq, performance.now())
    await from.publishIntent(payload)
    if (seq % 50 === 49) progress(`[${nodeCount} nodes] published ${seq + 1}/${MESSAGES}`)
    await sleep(SPACING_MS)
  }
  const expected = MESSAGES * (nodeCount - 1)
  const drainStart = performance.now()
  while (latencies.length < expected && performance.now() - drainStart < DRAIN_TIMEOUT_MS) await sleep(50)
  await Promise.all(nodes.map((node) => node.stop()))
  progress(`[${nodeCount} nodes] done: ${latencies.length}/${expected} deliveries`)
  return { nodes: nodeCount, messages: MESSAGES, deliveries: latencies.length, expected, meshMs, latencies }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
}

const rows = [await run(5), await run(20)]
const header = ['nodes', 'messages', 'deliveries', 'ratio', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mesh ms']
const lines = rows.map((row) => {
  const sorted = [...row.latencies].sort((a, b) => a - b)
  return [
    row.nodes,
    row.messages,
    `${row.deliveries}/${row.expected}`,
    (row.deliveries / row.expected).toFixed(4),
    ...[0.5, 0.9, 0.99, 1].map((q) => quantile(sorted, q).toFixed(1)),
    row.meshMs.toFixed(0),
  ].map(String)
})
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]?.length ?? 0)))
for (const line of [header, ...lines]) {
  process.stdout.write(`${line.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ')}\n`)
}
