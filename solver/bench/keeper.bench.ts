// Keeper cost at 1,000 open idle positions: this keeper (event-driven health: a pass reads one quote per
// feed and compares each position's mark with its liquidation price; positions are read only when new,
// touched, near liquidation, moved, or in the 60 s sweep) against the baseline of the keeper before it,
// which read every position (`positionOf`, then `health`) on every pass. Fresh two-chain automining
// devnet, 1,000 backed positions (0.1 WETH each, 0.05 ETH longs and shorts), prices fresh (the test feed
// posts every 5 s in this process, for both). Per poll: CPU of one `update()` after the first (median of
// POLLS). Per minute: the keeper's own loop at the node's default 250 ms for a 60 s window, which holds
// exactly one read of every position (the first pass, as a sweep); ROUNDS interleaved, medians.
// Run: node bench/keeper.bench.ts [positions] [rounds] [windowMs]   (table on stdout, progress on stderr)

import { chainOf } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, type Hex, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { TimelineEntry } from '../src/domain/timeline.ts'
import { createChainWatcher } from '../src/infra/chain/chainWatcher.ts'
import { createLogger } from '../src/infra/createLogger.ts'
import { createRelayer } from '../src/infra/hyperlane/createRelayer.ts'
import { startTestDevnet } from '../src/infra/hyperlane/testing/testDevnet.ts'
import { createPollLoop } from '../src/infra/pollLoop.ts'
import { createKeeper } from '../src/keeper/createKeeper.ts'
import { createEngineReader } from '../src/keeper/engineReader.ts'
import { startTestFeed } from '../src/testing/startTestFeed.ts'
import { watchedDevnetChains } from '../src/testing/watchedDevnetChains.ts'
import { fillBatch, openBatch, signBatch } from './benchPositions.ts'

const POSITIONS = Number(process.argv[2] ?? 1_000)
const POLLS = 20
const ROUNDS = Number(process.argv[3] ?? 3)
const WINDOW_MS = Number(process.argv[4] ?? 60_000)
const POLL_MS = 250

const progress = (line: string) => process.stderr.write(`${line}\n`)
const logger = createLogger({ name: 'keeper-bench', level: 'warn' })

/** What a variant does each poll, with its own RPC client (so its requests are counted apart). */
type Variant = { name: string; create(): { update(): Promise<unknown> } }
type Sample = {
  cpuMsPerPoll: number
  requestsPerPoll: number
  loopCorePct: number
  loopRequestsPerMin: number
}

const devnet = await startTestDevnet()
const feed = startTestFeed(devnet.manifest, 5_000)
try {
  const { manifest } = devnet
  const destination = chainOf(manifest, 'destination')
  const engine = destination.contracts.marginEngine as Address
  progress(`opening, filling and backing ${POSITIONS} positions…`)
  const intents = await signBatch({
    manifest,
    count: POSITIONS,
    firstNonce: 10_000n,
    collateralAmount: parseEther('0.1'),
    size: parseEther('0.05'),
    sides: 'alternate',
  })
  await openBatch(manifest, intents)
  await fillBatch(manifest, intents)
  // The keeper account pays (the deployer's nonce belongs to the price feed); until nothing is left.
  const relayer = createRelayer({
    manifest,
    account: privateKeyToAccount(manifest.accounts.keeper.privateKey),
  })
  while ((await relayer.relayOnce()).length > 0) {}
  const timeline: TimelineEntry[] = []
  const watcher = createChainWatcher({
    chains: watchedDevnetChains(manifest),
    logger,
    onEntry: (entry) => timeline.push(entry),
  })
  await watcher.update()
  const orderIds = [...new Set(timeline.filter((e) => e.kind === 'filled').map((e) => e.orderId))]
  const backed = timeline.filter((e) => e.kind === 'backed').length
  progress(`${orderIds.length} positions, ${backed} backed`)

  let requests = 0
  const countedClient = () =>
    createPublicClient({
      transport: http(destination.rpcUrl, {
        onFetchRequest: () => {
          requests += 1
        },
      }),
    })

  const variants: Variant[] = [
    {
      name: 'baseline: every position every poll',
      create() {
        // The previous keeper's pass over idle positions: positionOf, then health for an open one.
        const reader = createEngineReader(countedClient(), engine)
        return {
          async update() {
            for (const orderId of orderIds) {
              if ((await reader.position(orderId as Hex)).status === 'open')
                await reader.health(orderId as Hex)
            }
          },
        }
      },
    },
    {
      name: 'event-driven health (this keeper)',
      create() {
        const keeper = createKeeper({
          destination: {
            client: countedClient(),
            // Idle positions never send; a send here would be a bug worth seeing.
            sender: {
              chainId: destination.chainId,
              address: manifest.accounts.keeper.address,
              send: () => Promise.reject(new Error('the benchmark keeper must not send')),
              simulate: () => Promise.reject(new Error('the benchmark keeper must not send')),
            },
            engine,
            settlementToken: destination.contracts.settlementToken as Address,
          },
          logger,
          pollMs: POLL_MS,
          schedule: { sweepMs: WINDOW_MS },
        })
        for (const entry of timeline) keeper.observe(entry)
        return keeper
      },
    },
  ]

  async function measure(variant: Variant): Promise<Sample> {
    const perPoll = variant.create()
    await perPoll.update() // the first pass reads every position
    const cpu: number[] = []
    const reqs: number[] = []
    for (let i = 0; i < POLLS; i++) {
      const before = process.cpuUsage()
      const requestsBefore = requests
      await perPoll.update()
      const used = process.cpuUsage(before)
      cpu.push((used.user + used.system) / 1_000)
      reqs.push(requests - requestsBefore)
    }
    const looped = variant.create()
    const loop = createPollLoop({ pass: () => looped.update(), pollMs: POLL_MS, onError: () => {} })
    const before = process.cpuUsage()
    const requestsBefore = requests
    const startedAt = performance.now()
    loop.start()
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS))
    await loop.stop()
    const wallMs = performance.now() - startedAt
    const used = process.cpuUsage(before)
    return {
      cpuMsPerPoll: median(cpu),
      requestsPerPoll: median(reqs),
      loopCorePct: ((used.user + used.system) / 1_000 / wallMs) * 100,
      loopRequestsPerMin: ((requests - requestsBefore) / wallMs) * 60_000,
    }
  }

  const samples = new Map<string, Sample[]>(variants.map((v) => [v.name, []]))
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of variants) {
      progress(`round ${round}/${ROUNDS}: ${variant.name}`)
      samples.get(variant.name)?.push(await measure(variant))
    }
  }

  const header = [
    'keeper',
    'positions',
    'CPU ms/poll',
    'RPC/poll',
    'loop % of a core',
    'loop CPU s/min',
    'loop RPC/min',
  ]
  const rows = variants.map((variant) => {
    const runs = samples.get(variant.name) ?? []
    const pct = median(runs.map((s) => s.loopCorePct))
    return [
      variant.name,
      String(orderIds.length),
      median(runs.map((s) => s.cpuMsPerPoll)).toFixed(2),
      median(runs.map((s) => s.requestsPerPoll)).toFixed(0),
      pct.toFixed(1),
      ((pct / 100) * 60).toFixed(2),
      median(runs.map((s) => s.loopRequestsPerMin)).toFixed(0),
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)))
  for (const row of [header, ...rows]) {
    process.stdout.write(`${row.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ')}\n`)
  }
} finally {
  await feed.stop()
  devnet.stop()
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}
