import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashIntent, parseIntent, signSolverBid, stringifySolverBid } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import {
  type AuctionConfig,
  createGossipNode,
  createLogger,
  createSolverNode,
  type GossipNode,
  parseSolverConfig,
  type SolverNode,
  type SolverRoles,
  type Strategy,
} from '@xmargin/solver'
import { startTestDevnet, startTestFeed, type TestDevnet, type TestFeed } from '@xmargin/solver/testing'
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  parseAbi,
  parseEther,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

// Like @xmargin/solver/testing's startTestNetwork, but the attack tests choose the auction settings,
// each node's bootstrap peers and manifest, and can restart a node on its data directory.

export const TEST_AUCTION: AuctionConfig = {
  bidWindowMs: 300,
  fadeGraceMs: 3_000,
  baseBanMs: 60_000,
  maxBanMs: 600_000,
}

export type AttackNodeSpec = {
  solver: number
  strategy: Strategy
  roles?: Partial<SolverRoles>
  manifest?: DevnetManifest
  /** Bootstrap peers; every node started so far unless given. */
  bootstrap?: string[]
  dataDir?: string
}

export type AttackStack = {
  devnet: TestDevnet
  feed: TestFeed
  nodes: SolverNode[]
  add(spec: AttackNodeSpec): Promise<SolverNode>
  dataDirOf(node: SolverNode): string
  specOf(node: SolverNode): AttackNodeSpec
  stop(): Promise<void>
}

export async function startAttackStack(
  specs: readonly AttackNodeSpec[],
  auction: Partial<AuctionConfig> = {},
): Promise<AttackStack> {
  const devnet = await startTestDevnet()
  const feed = startTestFeed(devnet.manifest)
  const root = mkdtempSync(join(tmpdir(), 'xmargin-attack-'))
  const nodes: SolverNode[] = []
  const dirs = new Map<SolverNode, string>()
  const specsOf = new Map<SolverNode, AttackNodeSpec>()
  let count = 0

  async function add(spec: AttackNodeSpec): Promise<SolverNode> {
    count += 1
    const dataDir = spec.dataDir ?? join(root, `node-${count}`)
    const config = parseSolverConfig({
      baseDir: root,
      value: {
        name: `node-${count}-s${spec.solver}`,
        manifest: join(root, 'manifest.json'),
        account: { devnetSolver: spec.solver },
        dataDir,
        http: { port: 0 },
        p2p: {
          listen: ['/ip4/127.0.0.1/tcp/0'],
          bootstrap: spec.bootstrap ?? nodes.flatMap((n) => n.multiaddrs()),
        },
        roles: { relayer: spec.roles?.relayer ?? false, keeper: spec.roles?.keeper ?? false },
        auction: { ...TEST_AUCTION, ...auction },
        pollMs: 100,
        log: { level: 'silent' },
      },
    })
    const solver = devnet.manifest.accounts.solvers[spec.solver]
    if (solver === undefined) throw new RangeError(`the devnet has no solver ${spec.solver}`)
    const level = process.env.XMARGIN_TEST_LOG
    const node = await createSolverNode({
      config,
      manifest: spec.manifest ?? devnet.manifest,
      account: privateKeyToAccount(solver.privateKey),
      strategy: spec.strategy,
      logger: createLogger({
        name: config.name,
        level: level === undefined || level === '' ? 'silent' : level,
      }),
    })
    await node.start()
    nodes.push(node)
    dirs.set(node, dataDir)
    specsOf.set(node, spec)
    return node
  }

  try {
    for (const spec of specs) await add(spec)
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.stop()))
    await feed.stop()
    devnet.stop()
    throw error
  }
  return {
    devnet,
    feed,
    nodes,
    add,
    dataDirOf: (node) => dirs.get(node) ?? '',
    specOf: (node) => specsOf.get(node) ?? { solver: -1, strategy: { name: '?', quote: () => null } },
    async stop() {
      await Promise.allSettled(nodes.map((node) => node.stop()))
      await feed.stop()
      devnet.stop()
      rmSync(root, { recursive: true, force: true })
    },
  }
}

/**
 * A hostile libp2p peer holding a bonded devnet solver's key: it forwards nothing (every message is
 * `ignore`d, so it never costs anyone score), tells the test each intent it hears, and publishes
 * whatever bids the test asks for, signed with that key.
 */
export type Attacker = {
  gossip: GossipNode
  address: Hex
  /** Signs and gossips a bid on `orderId`. */
  bid(orderId: Hex, feeBps: number, expiry: number): Promise<string>
  /** Publishes raw bytes on the bids topic (e.g. a bid prepared earlier). */
  publishBid(json: string): Promise<void>
  signBid(orderId: Hex, feeBps: number, expiry: number): Promise<string>
  heard: Map<Hex, number>
  stop(): Promise<void>
}

export async function startAttacker(parameters: {
  manifest: DevnetManifest
  /** A devnet solver's key, or any key (`privateKey`, e.g. bondFreshSolver's). */
  solver?: number
  privateKey?: Hex
  bootstrap: string[]
  onIntent?: (orderId: Hex, fillDeadline: number) => void
}): Promise<Attacker> {
  const key =
    parameters.privateKey ?? parameters.manifest.accounts.solvers[parameters.solver ?? -1]?.privateKey
  if (key === undefined) throw new RangeError(`no solver ${parameters.solver}`)
  const account = privateKeyToAccount(key)
  const heard = new Map<Hex, number>()
  const gossip = await createGossipNode({
    listen: ['/ip4/127.0.0.1/tcp/0'],
    bootstrap: parameters.bootstrap,
    validate: {
      intent: async (data) => {
        try {
          const { order } = parseIntent(data)
          const orderId = hashIntent(order)
          if (!heard.has(orderId)) {
            heard.set(orderId, Date.now())
            parameters.onIntent?.(orderId, order.fillDeadline)
          }
        } catch {
          // not our business
        }
        return 'ignore'
      },
      bid: async () => 'ignore',
    },
    logger: createLogger({ name: 'attacker', level: 'silent' }),
  })
  await gossip.start()
  const signBid = async (orderId: Hex, feeBps: number, expiry: number) =>
    stringifySolverBid(
      await signSolverBid({ bid: { orderId, solver: account.address, feeBps, expiry }, account }),
    )
  const publishBid = (json: string) => gossip.publishBid(new TextEncoder().encode(json))
  return {
    gossip,
    address: account.address,
    heard,
    signBid,
    publishBid,
    async bid(orderId, feeBps, expiry) {
      const json = await signBid(orderId, feeBps, expiry)
      await publishBid(json)
      return json
    },
    stop: () => gossip.stop(),
  }
}

/** The node's Prometheus text. */
export const metricsOf = (node: SolverNode): Promise<string> =>
  fetch(`${node.httpUrl()}/metrics`).then((r) => r.text())

/** `xmargin_fades_total{solver}` on `node` for `solver`. */
export async function fadesOf(node: SolverNode, solver: string): Promise<number> {
  const text = await metricsOf(node)
  const match = text.match(
    new RegExp(`^xmargin_fades_total\\{solver="${solver.toLowerCase()}"\\} (\\d+)`, 'm'),
  )
  return match === null ? 0 : Number(match[1])
}

/** Every `faded` entry of every node about `solver` on any of `orderIds`, as `node:order` strings. */
export function fadesRecorded(
  nodes: readonly SolverNode[],
  orderIds: readonly Hex[],
  solver: string,
): string[] {
  const found: string[] = []
  for (const node of nodes) {
    for (const orderId of orderIds) {
      for (const entry of node.timeline(orderId)) {
        if (entry.kind === 'faded' && entry.actor?.toLowerCase() === solver.toLowerCase())
          found.push(`${node.name}:${orderId.slice(0, 10)}@${entry.atMs}`)
      }
    }
  }
  return found
}

/** A compact timeline for failure messages: kind(actor…) +ms since the first entry. */
export function story(node: SolverNode, orderId: Hex): string {
  const entries = node.timeline(orderId)
  const t0 = entries[0]?.atMs ?? 0
  return entries
    .map((e) => `${e.kind}${e.actor === undefined ? '' : `(${e.actor.slice(0, 6)})`}+${e.atMs - t0}`)
    .join(' ')
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

/** `xmargin_solver_banned_until_seconds{solver}` on `node`, in ms (0 if never banned). */
export async function bannedUntilMs(node: SolverNode, solver: string): Promise<number> {
  const text = await metricsOf(node)
  const match = text.match(
    new RegExp(`^xmargin_solver_banned_until_seconds\\{solver="${solver.toLowerCase()}"\\} ([\\d.e+]+)`, 'm'),
  )
  return match === null ? 0 : Number(match[1]) * 1000
}

/** Waits until no node bans any of `solvers` any more (bans end on their own). */
export async function waitUntilUnbanned(
  nodes: readonly SolverNode[],
  solvers: readonly string[],
): Promise<void> {
  for (;;) {
    let latest = 0
    for (const node of nodes)
      for (const solver of solvers) latest = Math.max(latest, await bannedUntilMs(node, solver))
    if (latest <= Date.now()) return
    await sleep(latest - Date.now() + 200)
  }
}

/** `xmargin_fills_total{result}` on `node`. */
export async function fillsOf(node: SolverNode): Promise<Record<string, number>> {
  const text = await metricsOf(node)
  const out: Record<string, number> = {}
  for (const m of text.matchAll(/^xmargin_fills_total\{result="([^"]+)"\} (\d+)/gm))
    out[m[1] as string] = Number(m[2])
  return out
}

const REGISTRY_ABI = parseAbi([
  'function bond(uint256 amount)',
  'function requestUnbond(uint256 amount)',
  'function isActive(address solver) view returns (bool)',
])
/** MIN_BOND (settlement-contracts/deploy/config.ts; not exported). */
const MIN_BOND = 100n * 10n ** 18n
const TOKEN_ABI = parseAbi([
  'function mint(address to, uint256 amount)',
  'function approve(address, uint256) returns (bool)',
])

/** A new key, funded with ETH and bonded in the origin SolverRegistry (the BOND token mints to anyone). */
export async function bondFreshSolver(manifest: DevnetManifest): Promise<Hex> {
  const origin = chainOf(manifest, 'origin')
  const key = generatePrivateKey()
  const account = privateKeyToAccount(key)
  const transport = http(origin.rpcUrl)
  await createTestClient({ mode: 'anvil', transport }).setBalance({
    address: account.address,
    value: parseEther('10'),
  })
  const wallet = createWalletClient({ transport, account })
  const client = createPublicClient({ transport, pollingInterval: 20 })
  const registry = origin.contracts.solverRegistry as Address
  const bondToken = origin.contracts.bondToken as Address
  for (const call of [
    { address: bondToken, abi: TOKEN_ABI, functionName: 'mint', args: [account.address, MIN_BOND] },
    { address: bondToken, abi: TOKEN_ABI, functionName: 'approve', args: [registry, MIN_BOND] },
    { address: registry, abi: REGISTRY_ABI, functionName: 'bond', args: [MIN_BOND] },
  ] as const) {
    // biome-ignore lint/suspicious/noExplicitAny: three different calls of two ABIs
    const hash = await wallet.writeContract({ chain: null, ...(call as any) })
    await client.waitForTransactionReceipt({ hash })
  }
  return key
}

/** The key's solver asks to unbond 1 wei: below the minimum bond at once, so `isActive` turns false. */
export async function requestUnbond(manifest: DevnetManifest, key: Hex): Promise<void> {
  const origin = chainOf(manifest, 'origin')
  const transport = http(origin.rpcUrl)
  const wallet = createWalletClient({ transport, account: privateKeyToAccount(key) })
  const hash = await wallet.writeContract({
    chain: null,
    address: origin.contracts.solverRegistry as Address,
    abi: REGISTRY_ABI,
    functionName: 'requestUnbond',
    args: [1n],
  })
  await createPublicClient({ transport, pollingInterval: 20 }).waitForTransactionReceipt({ hash })
}

/** `xmargin_bids_rejected_total{reason}` on `node`. */
export async function bidsRejected(node: SolverNode, reason: string): Promise<number> {
  const match = (await metricsOf(node)).match(
    new RegExp(`^xmargin_bids_rejected_total\\{reason="${reason}"\\} (\\d+)`, 'm'),
  )
  return match === null ? 0 : Number(match[1])
}

/**
 * Waits until each node has quoted once (its first quote loads the Across SDK, seconds on a busy
 * machine). The warm-up intent's fee reaches 2 bps only after ~200 s, so a late first bid there is
 * due long after it arrives and nobody is faded for it.
 */
export async function warmUp(
  stack: AttackStack,
  via: SolverNode,
  nodes: readonly SolverNode[],
  nonce: bigint,
) {
  const { signTestIntent } = await import('@xmargin/solver/testing')
  const { stringifyIntent } = await import('@xmargin/intents')
  const signed = await signTestIntent({
    manifest: stack.devnet.manifest,
    trader: 1,
    nonce,
    now: Math.floor(Date.now() / 1000),
    fee: { startBps: 0, maxBps: 30, rampSeconds: 3_000 },
    openIn: 600,
    fillIn: 3_000,
  })
  let body: { orderId?: Hex } = {}
  for (let attempt = 0; attempt < 10 && body.orderId === undefined; attempt++) {
    const response = await fetch(`${via.httpUrl()}/v1/intents`, {
      method: 'POST',
      body: stringifyIntent(signed),
    })
    body = (await response.json()) as { orderId?: Hex }
    if (body.orderId === undefined) await sleep(500)
  }
  const orderId = body.orderId
  if (orderId === undefined) throw new Error(`warm-up intent refused: ${JSON.stringify(body)}`)
  const deadline = Date.now() + 90_000
  while (!nodes.every((n) => n.timeline(orderId).some((e) => e.kind === 'bid' && e.actor === n.address))) {
    if (Date.now() > deadline) throw new Error('warm-up: not every node bid')
    await sleep(100)
  }
  return orderId
}

/** What a test observed (timelines, counts); printed only when XMARGIN_TEST_LOG is set. */
export function note(text: string): void {
  if (process.env.XMARGIN_TEST_LOG) process.stdout.write(`${text}\n`)
}
