// Wasted transactions of three nodes that all keep and relay, on a devnet that mines a block a second (as
// `xmargin devnet up` does): the baseline of every node acting at once (no turns, as before the turn
// rule) against nodes taking turns (WorkTurn, the defaults: 1.5 s per place), and turns with one of the
// three nodes down. Each mode on a fresh devnet: POSITIONS 19× longs (18 ETH on 1 WETH) opened, filled
// and backed, then ETH drops to $2,790, so each position is liquidated and its debt settled (2 keeper
// actions) and sends Locked, Filled and Seize (3 messages). Counted from the chain: the keepers' and
// relayers' transactions, mined and reverted. Also: price drop → every position settled, and message
// latency (dispatch block → delivery receipt, whole chain seconds). A reverted transaction that used
// ≥ 98% of its gas limit ran out of gas (its estimate came from the block before) rather than losing a
// race; those are counted apart (`of which OOG`).
// Run: node bench/races.bench.ts [positions]   (table on stdout, progress on stderr)

import { Writable } from 'node:stream'
import { hashIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import {
  type Address,
  createPublicClient,
  createTestClient,
  getAddress,
  type Hex,
  http,
  type PublicClient,
  parseEther,
  toFunctionSelector,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createChainClients } from '../src/infra/chain/chainClients.ts'
import { createChainWatcher } from '../src/infra/chain/chainWatcher.ts'
import { createTxSender } from '../src/infra/chain/txSender.ts'
import { createLogger } from '../src/infra/createLogger.ts'
import { createRelayer, type Relayer } from '../src/infra/hyperlane/createRelayer.ts'
import { startTestDevnet } from '../src/infra/hyperlane/testing/testDevnet.ts'
import { createKeeper, type Keeper, type KeeperEvent } from '../src/keeper/createKeeper.ts'
import { createEngineReader } from '../src/keeper/engineReader.ts'
import { startTestFeed } from '../src/testing/startTestFeed.ts'
import { watchedDevnetChains } from '../src/testing/watchedDevnetChains.ts'
import { fillBatch, openBatch, signBatch } from './benchPositions.ts'

const POSITIONS = Number(process.argv[2] ?? 50)
const POLL_MS = 250
const KEEPER_CALLS = new Set(
  ['liquidate(bytes32,bytes[])', 'settleDebt(bytes32,address,bytes[])', 'expire(bytes)'].map((signature) =>
    toFunctionSelector(signature),
  ),
)

type Mode = { name: string; turns: boolean; nodes: number }
type Row = {
  mode: string
  keeperOk: number
  keeperReverted: number
  keeperOutOfGas: number
  relayOk: number
  relayReverted: number
  relayOutOfGas: number
  lostRaces: number
  warnings: number
  settleMs: number
  latencies: number[]
}

const progress = (line: string) => process.stderr.write(`${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function run(mode: Mode): Promise<Row> {
  const devnet = await startTestDevnet()
  const { manifest } = devnet
  const feed = startTestFeed(manifest, 5_000)
  // Every warn line the nodes' components write (keeper, its sender, watcher), counted, not shown.
  let warnings = 0
  const logger = createLogger({
    name: 'races-bench',
    level: 'warn',
    destination: new Writable({
      write(_chunk, _encoding, done) {
        warnings += 1
        done()
      },
    }),
  })
  const running: { keepers: Keeper[]; relayers: Relayer[] } = { keepers: [], relayers: [] }
  try {
    const origin = chainOf(manifest, 'origin')
    const destination = chainOf(manifest, 'destination')
    const clients = [origin, destination].map((c) => createPublicClient({ transport: http(c.rpcUrl) }))
    const fromBlocks = await Promise.all(clients.map((c) => c.getBlockNumber({ cacheTime: 0 })))
    for (const chain of manifest.chains) {
      await createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) }).setIntervalMining({
        interval: 1,
      })
    }
    const solvers = manifest.accounts.solvers.map((s) => getAddress(s.address))
    const payers = manifest.accounts.validators.filter((v) => v.set === 'fallback').slice(0, solvers.length)
    const latencies: number[] = []
    let lostRaces = 0
    const onKeeperEvent = (event: KeeperEvent) => {
      if (event.type === 'keeper:lost-race') lostRaces += 1
    }
    // The last `3 − nodes` solvers are down: they neither keep nor relay, but still rank.
    for (const [i, solver] of manifest.accounts.solvers.slice(0, mode.nodes).entries()) {
      const turn = mode.turns ? { turn: { self: getAddress(solver.address), nodes: solvers } } : {}
      const chainClients = createChainClients(manifest, privateKeyToAccount(solver.privateKey), {
        pollingIntervalMs: POLL_MS / 2,
      })
      const dest = chainClients.get(destination.chainId)
      if (dest === undefined) throw new Error('no destination clients')
      running.keepers.push(
        createKeeper({
          destination: {
            client: dest.public,
            sender: createTxSender({ public: dest.public, wallet: dest.wallet, logger }),
            engine: destination.contracts.marginEngine as Address,
            settlementToken: destination.contracts.settlementToken as Address,
          },
          logger,
          pollMs: POLL_MS,
          onEvent: onKeeperEvent,
          ...turn,
        }),
      )
      const payer = payers[i]
      if (payer === undefined) throw new Error(`no payer for solver ${i}`)
      running.relayers.push(
        createRelayer({
          manifest,
          account: privateKeyToAccount(payer.privateKey),
          pollMs: POLL_MS,
          ...turn,
          onEvent: (event) => {
            if (event.type === 'message:delivered') latencies.push(event.latencyMs)
            if (event.type === 'message:lost-race') lostRaces += 1
            if (event.type === 'message:failed' || event.type === 'relay:error') warnings += 1
          },
        }),
      )
    }
    const watcher = createChainWatcher({
      chains: watchedDevnetChains(manifest),
      logger,
      pollMs: POLL_MS,
      onEntry: (entry) => {
        for (const keeper of running.keepers) keeper.observe(entry)
      },
    })
    watcher.start()
    for (const relayer of running.relayers) relayer.start()
    for (const keeper of running.keepers) keeper.start()

    progress(`[${mode.name}] opening, filling and backing ${POSITIONS} positions…`)
    const intents = await signBatch({
      manifest,
      count: POSITIONS,
      firstNonce: 500n,
      collateralAmount: parseEther('1'),
      size: parseEther('18'),
      sides: 'long',
      maxLeverageBps: 200_000,
    })
    await openBatch(manifest, intents)
    await fillBatch(manifest, intents)
    const reader = createEngineReader(
      clients[1] as PublicClient,
      destination.contracts.marginEngine as Address,
    )
    const orderIds = intents.map((intent) => hashIntent(intent.order))
    const all = () => Promise.all(orderIds.map((orderId) => reader.position(orderId)))
    while ((await all()).some((p) => !p.remoteBacked)) await sleep(250)

    progress(`[${mode.name}] ETH to $2,790`)
    const droppedAt = performance.now()
    await feed.set('ETH/USD', 2_790n)
    while ((await all()).some((p) => p.status !== 'closed' || p.debt !== 0n)) await sleep(100)
    const settleMs = performance.now() - droppedAt
    while (latencies.length < 3 * POSITIONS) await sleep(250)
    await sleep(5_000) // the last turns come, and any losing transaction is mined
    await Promise.all([
      ...running.keepers.map((k) => k.stop()),
      ...running.relayers.map((r) => r.stop()),
      watcher.stop(),
    ])
    running.keepers = []
    running.relayers = []
    const counts = await countTransactions(manifest, clients, fromBlocks, payers)
    return { mode: mode.name, ...counts, lostRaces, warnings, settleMs, latencies }
  } finally {
    await Promise.allSettled([
      ...running.keepers.map((k) => k.stop()),
      ...running.relayers.map((r) => r.stop()),
    ])
    await feed.stop()
    devnet.stop()
  }
}

/** The keepers' engine calls and the relayers' transactions since `fromBlocks`, by outcome. */
async function countTransactions(
  manifest: DevnetManifest,
  clients: PublicClient[],
  fromBlocks: bigint[],
  payers: readonly { address: Address }[],
) {
  const keepers = new Set(manifest.accounts.solvers.map((s) => getAddress(s.address)))
  const relayers = new Set(payers.map((p) => getAddress(p.address)))
  const engine = getAddress(chainOf(manifest, 'destination').contracts.marginEngine as Address)
  const counts = {
    keeperOk: 0,
    keeperReverted: 0,
    keeperOutOfGas: 0,
    relayOk: 0,
    relayReverted: 0,
    relayOutOfGas: 0,
  }
  for (const [i, client] of clients.entries()) {
    const latest = await client.getBlockNumber({ cacheTime: 0 })
    for (let n = fromBlocks[i] ?? 0n; n <= latest; n++) {
      const block = await client.getBlock({ blockNumber: n, includeTransactions: true })
      for (const tx of block.transactions) {
        const from = getAddress(tx.from)
        const isRelay = relayers.has(from)
        const isKeeper =
          keepers.has(from) &&
          tx.to !== null &&
          getAddress(tx.to) === engine &&
          KEEPER_CALLS.has(tx.input.slice(0, 10) as Hex)
        if (!isRelay && !isKeeper) continue
        const receipt = await client.getTransactionReceipt({ hash: tx.hash })
        const ok = receipt.status === 'success'
        const outOfGas = !ok && receipt.gasUsed * 100n >= tx.gas * 98n
        if (isRelay) counts[ok ? 'relayOk' : 'relayReverted'] += 1
        else counts[ok ? 'keeperOk' : 'keeperReverted'] += 1
        if (outOfGas) counts[isRelay ? 'relayOutOfGas' : 'keeperOutOfGas'] += 1
      }
    }
  }
  return counts
}

const modes: Mode[] = [
  { name: 'baseline: all act at once', turns: false, nodes: 3 },
  { name: 'turns (1.5 s a place)', turns: true, nodes: 3 },
  { name: 'turns, one node down', turns: true, nodes: 2 },
]
const rows: Row[] = []
for (const mode of modes) rows.push(await run(mode))

const per100 = (part: number, whole: number) => (whole === 0 ? '—' : ((100 * part) / whole).toFixed(1))
const header = [
  'mode',
  'keeper ok',
  'reverted',
  'of which OOG',
  '/100 actions',
  'relay ok',
  'reverted',
  'of which OOG',
  '/100 msgs',
  'reverted /100 fills',
  'lost-race',
  'warn',
  'drop→settled s',
  'msg p50 s',
  'msg max s',
]
const lines = rows.map((row) => {
  const sorted = [...row.latencies].sort((a, b) => a - b)
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  return [
    row.mode,
    String(row.keeperOk),
    String(row.keeperReverted),
    String(row.keeperOutOfGas),
    per100(row.keeperReverted, row.keeperOk),
    String(row.relayOk),
    String(row.relayReverted),
    String(row.relayOutOfGas),
    per100(row.relayReverted, row.relayOk),
    per100(row.keeperReverted + row.relayReverted, POSITIONS),
    String(row.lostRaces),
    String(row.warnings),
    (row.settleMs / 1_000).toFixed(1),
    (at(0.5) / 1_000).toFixed(1),
    (at(1) / 1_000).toFixed(1),
  ]
})
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]?.length ?? 0)))
for (const line of [header, ...lines]) {
  process.stdout.write(`${line.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ')}\n`)
}
