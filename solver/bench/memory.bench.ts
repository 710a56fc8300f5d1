// A solver node's memory over a long run (issue 11). One node — `xmargin solver start`, as an operator
// runs it, all roles on — is measured in its own process (RSS from /proc/<pid>/status, heap from its
// /metrics), so this script's own memory does not count. A second node in this process joins it: it
// gossips the intents (every tenth goes to the measured node over HTTP, within its rate limit), bids
// above the measured node's quote (a losing bid in every auction) and co-signs the Hyperlane messages,
// so orders are filled and settled as on a real network.
//
// Run: node bench/memory.bench.ts [--intents 1000] [--soak-minutes 5] [--heap-snapshots]
//   default: RSS at start, after 250/500/750/1,000 intents, and after a pause for GC to settle
//   --soak-minutes N: 1 intent/s for N minutes, RSS each minute and max/min
//   --heap-snapshots: the node writes a heap snapshot (SIGUSR2) at each row, into its directory
//   --cpu-profile: the node writes a CPU profile there when it stops
//   --heap-profile: the node writes a sampling heap profile (what allocated) there when it stops
//   --roles relayer,keeper: the measured node's roles (e.g. --roles relayer to leave out the keeper)
// Progress on stderr, the table on stdout.

import { type ChildProcess, spawn } from 'node:child_process'
import { openSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { stringifyIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  maxUint256,
  parseEther,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { TimelineKind } from '../src/domain/timeline.ts'
import type { SolverNode } from '../src/node/createSolverNode.ts'
import {
  fixedFeeStrategy,
  signTestIntent,
  startTestDevnet,
  startTestFeed,
  startTestNetwork,
} from '../src/testing/index.ts'
import { type RpcCountingProxy, startRpcCountingProxy } from './rpcCountingProxy.ts'

const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url))
const XMARGIN = fileURLToPath(new URL('../../node_modules/.bin/xmargin', import.meta.url))

const { values: options } = parseArgs({
  options: {
    intents: { type: 'string', default: '1000' },
    'soak-minutes': { type: 'string' },
    'heap-snapshots': { type: 'boolean', default: false },
    'cpu-profile': { type: 'boolean', default: false },
    'heap-profile': { type: 'boolean', default: false },
    roles: { type: 'string', default: 'relayer,keeper' },
  },
})
const INTENTS = Number(options.intents)
const SOAK_MINUTES = options['soak-minutes'] === undefined ? undefined : Number(options['soak-minutes'])
const ROLES = options.roles.split(',')
const TRADERS = 6
/** Orders submitted but not yet filled: enough to keep the pipeline busy, few enough to fill in time. */
const IN_FLIGHT = 12
const HTTP_EVERY = 10
const SETTLE_MS = 60_000
// The aggressive preset quotes below 40 bps, so the measured node fills at once; the helper's 60 loses.
const FEE = { startBps: 40, maxBps: 80, rampSeconds: 60 }
const HELPER_BID_BPS = 60
const MINT_ABI = [
  {
    type: 'function',
    name: 'mint',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'to', type: 'address' },
      { name: 'amount', type: 'uint256' },
    ],
    outputs: [],
  },
] as const

const progress = (line: string) => process.stderr.write(`${line}\n`)
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

type Sample = {
  label: string
  intents: number
  filled: number
  won: number
  settled: number
  rssMb: number
  heapMb: number
  heapTotalMb: number
  /** Of the heap's size: V8's old and young generations. */
  oldSpaceMb: number
  newSpaceMb: number
  externalMb: number
  rpcCalls: Map<string, number>
}

const devnet = await startTestDevnet()
const feed = startTestFeed(devnet.manifest)
const network = await startTestNetwork(devnet.manifest, [
  { solver: 1, strategy: fixedFeeStrategy(HELPER_BID_BPS) },
])
const helper = network.nodes[0] as SolverNode
const dir = await mkdtemp(join(tmpdir(), 'xmargin-memory-'))
let measured: MeasuredNode | undefined
try {
  const traders = await fundTraders(devnet.manifest, TRADERS)
  measured = await startMeasuredNode(devnet.manifest, helper.multiaddrs(), dir)
  progress(`measured node pid ${measured.pid}, ${measured.http}; its files in ${dir}`)
  while (helper.peers().length === 0) await sleep(100)
  await sleep(1_500)
  const orders = trackOrders(helper)
  const submit = submitter(devnet.manifest, traders, helper, measured.http)

  // Startup work (warm-ups, first chain scans) finishes before the first row.
  await sleep(10_000)
  const samples: Sample[] = [await sample(measured, 'start', 0, orders)]
  if (SOAK_MINUTES === undefined) {
    const checkpoints = INTENTS === 0 ? [] : [0.25, 0.5, 0.75, 1].map((f) => Math.round(f * INTENTS))
    let submitted = 0
    for (const checkpoint of checkpoints) {
      while (submitted < checkpoint) {
        while (submitted - orders.filled() >= IN_FLIGHT) await sleep(50)
        orders.expect(await submit(submitted))
        submitted += 1
      }
      await orders.drained(60_000)
      samples.push(await sample(measured, `after ${checkpoint} intents`, submitted, orders))
    }
    await sleep(SETTLE_MS)
    samples.push(await sample(measured, `after ${SETTLE_MS / 1000} s idle`, submitted, orders))
    printRun(samples)
  } else {
    let submitted = 0
    const startedAt = Date.now()
    for (let minute = 1; minute <= SOAK_MINUTES; minute++) {
      while (Date.now() < startedAt + minute * 60_000) {
        const due = startedAt + submitted * 1_000
        if (Date.now() < due) await sleep(due - Date.now())
        orders.expect(await submit(submitted))
        submitted += 1
      }
      samples.push(await sample(measured, `minute ${minute}`, submitted, orders))
    }
    printSoak(samples)
  }
} finally {
  await measured?.stop()
  await network.stop()
  await feed.stop()
  devnet.stop()
}

type MeasuredNode = {
  pid: number
  http: string
  /** RPC calls the node made so far, by method, over all chains. */
  rpcCalls(): Map<string, number>
  signal(name: NodeJS.Signals): void
  stop(): Promise<void>
}

async function startMeasuredNode(
  manifest: DevnetManifest,
  bootstrap: string[],
  dir: string,
): Promise<MeasuredNode> {
  // The node reaches each chain through a counting proxy: what it asks of its chains, per intent.
  const proxies = await Promise.all(manifest.chains.map((chain) => startRpcCountingProxy(chain.rpcUrl)))
  const proxied = {
    ...manifest,
    chains: manifest.chains.map((chain, i) => ({ ...chain, rpcUrl: (proxies[i] as RpcCountingProxy).url })),
  }
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(proxied))
  // Production defaults but for ports and the log level; all roles, as most operators run it.
  await writeFile(
    join(dir, 'solver.json'),
    JSON.stringify({
      name: 'measured',
      manifest: 'manifest.json',
      account: { devnetSolver: 0 },
      strategy: 'aggressive',
      dataDir: 'data',
      http: { port: 0 },
      p2p: { listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap },
      roles: { relayer: ROLES.includes('relayer'), keeper: ROLES.includes('keeper') },
      log: { level: 'warn' },
    }),
  )
  const flags = [
    ...(options['heap-snapshots'] ? ['--heapsnapshot-signal=SIGUSR2'] : []),
    ...(options['cpu-profile'] ? ['--cpu-prof'] : []),
    ...(options['heap-profile'] ? ['--heap-prof'] : []),
  ]
  const log = openSync(join(dir, 'node.log'), 'a')
  // The binary itself, as an operator's shell starts it (its shebang sets the node's V8 options);
  // `node` on the PATH is the Node 24 of node_modules/.bin, as under npm.
  const child: ChildProcess = spawn(XMARGIN, ['solver', 'start', '--config', 'solver.json', '--json'], {
    cwd: dir,
    env: { PATH: `${dirname(NODE)}:${process.env.PATH ?? ''}`, NODE_OPTIONS: flags.join(' ') },
    stdio: ['ignore', 'pipe', log],
  })
  const exited = new Promise<number | null>((done) => child.on('close', done))
  let stdout = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  while (!stdout.includes('}')) {
    if (child.exitCode !== null) throw new Error(`xmargin solver start exited with ${child.exitCode}`)
    await sleep(50)
  }
  const { http } = JSON.parse(stdout) as { http: string }
  return {
    pid: child.pid as number,
    http,
    rpcCalls() {
      const all = new Map<string, number>()
      for (const proxy of proxies)
        for (const [method, n] of proxy.counts()) all.set(method, (all.get(method) ?? 0) + n)
      return all
    },
    signal: (name) => child.kill(name),
    async stop() {
      child.kill('SIGINT')
      await exited
      await Promise.all(proxies.map((proxy) => proxy.close()))
    },
  }
}

/** The devnet's traders and fresh keys up to `count`, each with ETH, 1,000 more WETH and a Permit2 approval. */
async function fundTraders(manifest: DevnetManifest, count: number): Promise<Hex[]> {
  const origin = chainOf(manifest, 'origin')
  const transport = http(origin.rpcUrl)
  const testClient = createTestClient({ mode: 'anvil', transport })
  const publicClient = createPublicClient({ transport })
  const keys: Hex[] = manifest.accounts.traders.map((t) => t.privateKey)
  while (keys.length < count) keys.push(generatePrivateKey())
  const weth = origin.contracts.weth as Hex
  for (const key of keys) {
    const account = privateKeyToAccount(key)
    await testClient.setBalance({ address: account.address, value: parseEther('100') })
    const wallet = createWalletClient({ account, transport })
    const mint = await wallet.writeContract({
      address: weth,
      abi: MINT_ABI,
      functionName: 'mint',
      args: [account.address, parseEther('1000')],
      chain: null,
    })
    const approve = await wallet.writeContract({
      address: weth,
      abi: erc20Abi,
      functionName: 'approve',
      args: [origin.contracts.permit2 as Hex, maxUint256],
      chain: null,
    })
    for (const hash of [mint, approve]) await publicClient.waitForTransactionReceipt({ hash })
  }
  return keys
}

/** Submits intent `i`: trader i mod n, a nonce of its own, alternately long and short. */
function submitter(manifest: DevnetManifest, traders: Hex[], helper: SolverNode, measuredHttp: string) {
  const client = createPublicClient({ transport: http(chainOf(manifest, 'origin').rpcUrl) })
  return async (i: number): Promise<Hex> => {
    const isLong = i % 2 === 0
    const signed = await signTestIntent({
      manifest,
      privateKey: traders[i % traders.length] as Hex,
      nonce: 5_000_000n + BigInt(i),
      now: Number((await client.getBlock()).timestamp),
      isLong,
      limitPrice: parseEther(isLong ? '3500' : '2500'),
      fee: FEE,
    })
    const json = stringifyIntent(signed)
    if (i % HTTP_EVERY === HTTP_EVERY - 1) {
      for (;;) {
        const response = await fetch(`${measuredHttp}/v1/intents`, { method: 'POST', body: json })
        const body = (await response.json()) as { orderId: Hex; code?: string }
        if (response.status === 202) return body.orderId
        // Fills got fast enough to meet the node's per-client submission limit: wait as told.
        if (response.status !== 429) throw new Error(`intent ${i} refused: ${response.status} ${body.code}`)
        await sleep(1_000 * Number(response.headers.get('retry-after') ?? 1))
      }
    }
    return (await helper.submitIntent(json)).orderId
  }
}

/** What the helper node's chain watcher sees happen to the submitted orders. */
function trackOrders(node: SolverNode) {
  const mine = new Set<Hex>()
  const reached = new Map<TimelineKind, Set<Hex>>()
  node.subscribe((entry) => {
    const set = reached.get(entry.kind) ?? new Set<Hex>()
    reached.set(entry.kind, set.add(entry.orderId))
  })
  const count = (kind: TimelineKind) => [...(reached.get(kind) ?? [])].filter((id) => mine.has(id)).length
  return {
    expect: (orderId: Hex) => mine.add(orderId),
    filled: () => count('filled') + count('failed') + count('refunded'),
    settled: () => count('fee-paid'),
    count,
    /** Waits until every submitted order is filled (or failed), up to `timeoutMs`. */
    async drained(timeoutMs: number) {
      const deadline = Date.now() + timeoutMs
      while (count('filled') + count('failed') < mine.size && Date.now() < deadline) await sleep(100)
    },
  }
}

async function sample(
  node: MeasuredNode,
  label: string,
  intents: number,
  orders: ReturnType<typeof trackOrders>,
): Promise<Sample> {
  if (options['heap-snapshots']) {
    node.signal('SIGUSR2')
    await sleep(5_000)
  }
  const status = await readFile(`/proc/${node.pid}/status`, 'utf8')
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
  const metrics = await (await fetch(`${node.http}/metrics`)).text()
  const metric = (name: string, labels = '(?:\\{[^}]*\\})?') =>
    Number(new RegExp(`^${name}${labels} (\\S+)`, 'm').exec(metrics)?.[1])
  const space = (name: string) =>
    metric('xmargin_nodejs_heap_space_size_total_bytes', `\\{space="${name}"\\}`) / 2 ** 20
  const row = {
    label,
    intents,
    filled: orders.count('filled'),
    won: metric('xmargin_auctions_won_total'),
    settled: orders.settled(),
    rssMb: rssKb / 1024,
    heapMb: metric('xmargin_nodejs_heap_size_used_bytes') / 2 ** 20,
    heapTotalMb: metric('xmargin_nodejs_heap_size_total_bytes') / 2 ** 20,
    oldSpaceMb: space('old'),
    newSpaceMb: space('new'),
    externalMb: metric('xmargin_nodejs_external_memory_bytes') / 2 ** 20,
    rpcCalls: node.rpcCalls(),
  }
  progress(
    `  ${label}: RSS ${row.rssMb.toFixed(0)} MB, heap ${row.heapMb.toFixed(0)} of ${row.heapTotalMb.toFixed(0)} MB`,
  )
  return row
}

function table(samples: Sample[]): void {
  const cells = (values: string[]) => values.map((v, i) => (i === 0 ? v.padEnd(22) : v.padStart(9))).join('')
  console.log(
    cells([
      '',
      'intents',
      'filled',
      'by node',
      'settled',
      'RSS MB',
      'heap MB',
      'of MB',
      'old',
      'young',
      'extern',
      'RPC calls',
    ]),
  )
  for (const s of samples) {
    console.log(
      cells([
        s.label,
        String(s.intents),
        String(s.filled),
        String(s.won),
        String(s.settled),
        s.rssMb.toFixed(0),
        s.heapMb.toFixed(0),
        s.heapTotalMb.toFixed(0),
        s.oldSpaceMb.toFixed(0),
        s.newSpaceMb.toFixed(0),
        s.externalMb.toFixed(0),
        String(total(s.rpcCalls)),
      ]),
    )
  }
}

function total(calls: Map<string, number>): number {
  return [...calls.values()].reduce((a, b) => a + b, 0)
}

/** RPC calls per intent between the first and the last row, by method, most first. */
function rpcPerIntent(first: Sample, last: Sample): void {
  const intents = last.intents - first.intents
  if (intents <= 0) return
  const rows = [...last.rpcCalls]
    .map(([method, n]) => [method, (n - (first.rpcCalls.get(method) ?? 0)) / intents] as const)
    .sort((a, b) => b[1] - a[1])
  console.log(`RPC calls per intent: ${(rows.reduce((a, [, n]) => a + n, 0)).toFixed(1)}`)
  for (const [method, n] of rows.slice(0, 10))
    console.log(`  ${method.padEnd(28)}${n.toFixed(1).padStart(8)}`)
}

/** RPC calls per second over the idle pause (the last two rows), by method, most first. */
function rpcWhileIdle(before: Sample, after: Sample): void {
  const seconds = SETTLE_MS / 1000
  const rows = [...after.rpcCalls]
    .map(([method, n]) => [method, (n - (before.rpcCalls.get(method) ?? 0)) / seconds] as const)
    .sort((a, b) => b[1] - a[1])
  console.log(
    `RPC calls per second over the idle ${seconds} s: ${rows.reduce((a, [, n]) => a + n, 0).toFixed(1)}`,
  )
  for (const [method, n] of rows.slice(0, 6)) console.log(`  ${method.padEnd(28)}${n.toFixed(1).padStart(8)}`)
}

function printRun(samples: Sample[]): void {
  console.log(
    `\nsolver node memory, ${INTENTS} intents from ${TRADERS} traders (one node, own process, roles: ${ROLES.join(', ')})`,
  )
  table(samples)
  const last = samples[samples.length - 1] as Sample
  rpcPerIntent(samples[0] as Sample, samples[samples.length - 2] as Sample)
  rpcWhileIdle(samples[samples.length - 2] as Sample, last)
  const highest = Math.max(...samples.map((s) => s.rssMb))
  console.log(
    `goal: RSS < 300 MB after ${INTENTS} intents: ${last.rssMb.toFixed(0)} MB after the pause, ${highest.toFixed(0)} MB at most over the run: ${highest < 300 ? 'met' : 'NOT met'}`,
  )
}

function printSoak(samples: Sample[]): void {
  console.log(
    `\nsolver node memory, soak at 1 intent/s for ${SOAK_MINUTES} min (one node, own process, roles: ${ROLES.join(', ')})`,
  )
  table(samples)
  // The first minute of load is when V8 grows the young generation to its size (4 → 32 MB): the
  // measures are shown with it and without it. "Flat (±10 %)" is read as every minute within 10 % of
  // the soak's median; max/min and the trend (least squares, MB per 10 minutes) show any creep too.
  const rssOf = (rows: Sample[]) => rows.map((s) => s.rssMb)
  const ratio = (rows: Sample[]) => Math.max(...rssOf(rows)) / Math.min(...rssOf(rows))
  const band = (rows: Sample[]) => {
    const rss = rssOf(rows)
    const median = [...rss].sort((a, b) => a - b)[Math.floor(rss.length / 2)] as number
    return Math.max(...rss.map((mb) => Math.abs(mb / median - 1)))
  }
  const slopePer10Min = (rows: Sample[]) => {
    const rss = rssOf(rows)
    const n = rss.length
    const meanX = (n - 1) / 2
    const meanY = rss.reduce((a, b) => a + b, 0) / n
    const cov = rss.reduce((sum, y, x) => sum + (x - meanX) * (y - meanY), 0)
    const varX = rss.reduce((sum, _y, x) => sum + (x - meanX) ** 2, 0)
    return varX === 0 ? 0 : (10 * cov) / varX
  }
  const all = ratio(samples.slice(1))
  const warm = ratio(samples.slice(2))
  const worst = band(samples.slice(1))
  console.log(
    `RSS against the soak's median (goal: flat, every minute within ±10 %): at most ${(100 * worst).toFixed(1)} % off: ${worst <= 0.1 ? 'met' : 'NOT met'}; trend ${slopePer10Min(samples.slice(1)).toFixed(1)} MB per 10 min`,
  )
  console.log(`RSS max/min over the minutes: ${all.toFixed(3)} over all, ${warm.toFixed(3)} from minute 2`)
}
