import { join } from 'node:path'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { TimelineEntry } from '@xmargin/solver'
import { formatUnits, type Hex } from 'viem'
import { startDevnet } from '../devnet/startDevnet.ts'
import { type StateDir, stateDir } from '../devnet/stateDir.ts'
import { stopDevnet } from '../devnet/stopDevnet.ts'
import { createDemoFeed } from './demoFeed.ts'
import { type DemoNode, startDemoNodes } from './demoNodes.ts'
import { DEMO_FEE, type DemoTrade, signTrade, submitTrade, waitForEntry } from './demoOrders.ts'
import { freeBasePort } from './freeBasePort.ts'
import { closeAndWithdraw, positionEquity } from './traderActions.ts'

export type DemoOutcome = {
  label: string
  orderId: Hex
  trader: string
  position: string
  submittedTo: string
  bids: { node: string; feeBps: number }[]
  winner: string
  feeBps: number
  submitToOpenMs: number
  outcome: string
}

export type RunDemoParameters = {
  dir: string
  signal: AbortSignal
  /** One line of narration (the command prints it; --json collects nothing but the summary). */
  say(line: string): void
}

const STEP_TIMEOUT_MS = 120_000

/**
 * The README's main job: a devnet, three solver nodes with different strategies, relay and a price
 * feed; traders sign and submit intents; the auction, the open on one chain and the fill on the other;
 * a trader closes and withdraws through `Release`; a crash, a liquidation and a seizure on the origin.
 * Everything it starts is stopped before it returns, also on failure or Ctrl-C.
 */
export async function runDemo({ dir, signal, say }: RunDemoParameters): Promise<DemoOutcome[]> {
  const state = stateDir(join(dir, 'devnet'))
  const cleanups: Array<() => Promise<unknown>> = [() => stopDevnet(state)]
  try {
    say('starting two anvil chains and deploying the protocol …')
    const devnet = await startDevnet({
      state,
      chains: 2,
      basePort: await freeBasePort(2),
      blockTime: 1,
      detached: false,
      fresh: true,
      signal,
      onProgress: () => {},
    })
    const manifest = devnet.manifest
    describeDevnet(manifest, devnet.readyMs, say)

    const feed = createDemoFeed(manifest, 7)
    cleanups.unshift(() => feed.stop())
    const prices = await feed.start()
    say(
      `price feed: ETH $${money(prices['ETH/USD'])}, BTC $${money(prices['BTC/USD'])} (Pyth updates every second)`,
    )

    say('starting three solver nodes (libp2p on loopback) …')
    const started = await startDemoNodes(manifest, state.manifest, dir, join(dir, 'nodes.log'))
    cleanups.unshift(() => started.stop())
    const { nodes } = started
    await waitForPeers(nodes, signal)
    for (const { name, strategy, node } of nodes) {
      say(
        `  ${name}  ${strategy.padEnd(10)}  solver ${short(node.address)}  ${node.httpUrl()}  peer ${node.peerId.slice(0, 16)}…`,
      )
    }
    const nodeOf = (address: string | undefined) =>
      nodes.find((n) => n.node.address.toLowerCase() === address?.toLowerCase())?.name ??
      short(address ?? '?')

    const [alice, bob] = manifest.accounts.traders
    if (alice === undefined || bob === undefined) throw new Error('the devnet has fewer than two traders')
    const trades: DemoTrade[] = [
      {
        label: 'A',
        trader: alice,
        collateral: 'WETH',
        amount: '1',
        market: 'ETH-USD',
        isLong: true,
        size: '5',
        limitPrice: '3200',
        maxLeverage: 10,
      },
      {
        label: 'B',
        trader: bob,
        collateral: 'WETH',
        amount: '2',
        market: 'ETH-USD',
        isLong: true,
        size: '2',
        limitPrice: '3200',
        maxLeverage: 5,
      },
      {
        label: 'C',
        trader: bob,
        collateral: 'USDC',
        amount: '5000',
        market: 'BTC-USD',
        isLong: false,
        size: '0.1',
        limitPrice: '50000',
        maxLeverage: 5,
      },
    ]
    say('')
    say(
      `traders sign intents (fee ${DEMO_FEE.startBps} → ${DEMO_FEE.maxBps} bps over ${DEMO_FEE.rampSeconds} s) and submit them to different nodes:`,
    )
    const now = await chainNow(manifest)
    const outcomes = await Promise.all(
      trades.map(async (trade, i) => {
        const target = nodes[i % nodes.length] as DemoNode
        const signed = await signTrade(manifest, trade, now)
        const submittedAt = Date.now()
        const { orderId } = await submitTrade(target.node.httpUrl(), signed)
        say(
          `  ${trade.label}  ${short(trade.trader.address)}  ${describeTrade(trade)}  → ${target.name}  orderId ${orderId.slice(0, 18)}…`,
        )
        const watcher = target.node
        const filled = await waitForEntry(watcher, orderId, ['filled'], STEP_TIMEOUT_MS)
        const opened = watcher.timeline(orderId).find((e) => e.kind === 'opened')
        const bids = watcher
          .timeline(orderId)
          .filter((e) => e.kind === 'bid')
          .map((e) => ({ node: nodeOf(e.actor), feeBps: Number(e.detail.feeBps) }))
          .sort((x, y) => x.feeBps - y.feeBps)
        const feeBps = Number(filled.detail.feeBps ?? NaN)
        say(
          `  ${trade.label}  bids ${bids.map((b) => `${b.node} ${b.feeBps} bps`).join(', ') || 'none'}; ` +
            `${nodeOf(opened?.actor)} opened on ${chainName(manifest, opened)} and filled on ${chainName(manifest, filled)} at $${price(filled.detail.entryPrice)}`,
        )
        const feePaid = await waitForEntry(watcher, orderId, ['fee-paid'], STEP_TIMEOUT_MS)
        // When `Locked` arrives before the fill there is nothing to front, so nothing to repay.
        const backing =
          filled.detail.front === '0'
            ? 'Locked had arrived before the fill, so nothing was fronted'
            : (await waitForEntry(watcher, orderId, ['backed'], STEP_TIMEOUT_MS)) &&
              `Locked repaid ${nodeOf(filled.actor)}'s front of $${usd(filled.detail.front, 6)}`
        say(
          `  ${trade.label}  settled: ${backing}; Filled paid the fee (${describeFee(trade, feePaid)}) on the origin`,
        )
        return {
          label: trade.label,
          orderId,
          trader: short(trade.trader.address),
          position: describeTrade(trade),
          submittedTo: target.name,
          bids,
          winner: nodeOf(filled.actor),
          feeBps,
          submitToOpenMs: filled.atMs - submittedAt,
          outcome: 'open',
        } satisfies DemoOutcome
      }),
    )
    const byLabel = (label: string) => outcomes.find((o) => o.label === label) as DemoOutcome
    const watcher = (nodes[0] as DemoNode).node

    say('')
    say(
      `trader ${short(bob.address)} closes B and takes the collateral back on the origin (engine → Release → vault):`,
    )
    const b = byLabel('B')
    const withdrawal = await closeAndWithdraw(manifest, bob, b.orderId)
    const closed = await waitForEntry(watcher, b.orderId, ['closed'], STEP_TIMEOUT_MS)
    say(`  B  closed at $${price(closed.detail.exitPrice)}, pnl $${usd(closed.detail.pnl)}`)
    if (withdrawal.kind === 'debt') {
      const settled = await waitForEntry(watcher, b.orderId, ['debt-settled'], STEP_TIMEOUT_MS)
      say(
        `  B  the loss left a debt of $${usd(withdrawal.debt.toString())}: ${nodeOf(settled.actor)}'s keeper paid it and took collateral worth it`,
      )
    }
    const released = await waitForEntry(watcher, b.orderId, ['released'], STEP_TIMEOUT_MS)
    const returned = weth(released.detail.amount)
    say(
      `  B  Release: ${returned} WETH back to the trader on the origin (tx ${short(released.txHash ?? '')})`,
    )
    b.outcome = `closed, ${returned} WETH released`

    say('')
    const crashed = await feed.crash(25)
    say(`crash: ETH −25% to $${money(crashed['ETH/USD'])}, BTC to $${money(crashed['BTC/USD'])}`)
    const a = byLabel('A')
    const liquidated = await waitForEntry(watcher, a.orderId, ['liquidated'], STEP_TIMEOUT_MS)
    say(
      `  A  liquidated by ${nodeOf(liquidated.actor)}'s keeper at $${price(liquidated.detail.markPrice)}, debt $${usd(liquidated.detail.debt)}`,
    )
    const settled = await waitForEntry(watcher, a.orderId, ['debt-settled'], STEP_TIMEOUT_MS)
    const seized = await waitForEntry(watcher, a.orderId, ['seized'], STEP_TIMEOUT_MS)
    say(
      `  A  ${nodeOf(settled.actor)} paid the debt on the destination; Seize took ${weth(seized.detail.amount)} WETH of collateral on the origin`,
    )
    a.outcome = `liquidated, ${weth(seized.detail.amount)} WETH seized`
    const c = byLabel('C')
    const equity = await positionEquity(manifest, c.orderId)
    say(`  C  the BTC short stays open; its equity is now $${usd(equity.toString())}`)
    c.outcome = `open, equity $${usd(equity.toString())}`
    return outcomes
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined)
  }
}

export type { StateDir }

function describeDevnet(manifest: DevnetManifest, readyMs: number, say: (line: string) => void): void {
  const origin = chainOf(manifest, 'origin')
  const destination = chainOf(manifest, 'destination')
  say(`devnet ready in ${(readyMs / 1000).toFixed(1)} s:`)
  say(
    `  origin       chain ${origin.chainId}  ${origin.rpcUrl}  CollateralVault ${short(origin.contracts.collateralVault ?? '')}`,
  )
  say(
    `  destination  chain ${destination.chainId}  ${destination.rpcUrl}  MarginEngine ${short(destination.contracts.marginEngine ?? '')}`,
  )
}

function describeFee(trade: DemoTrade, feePaid: TimelineEntry): string {
  const decimals = trade.collateral === 'USDC' ? 6 : 18
  return `${formatUnits(BigInt(String(feePaid.detail.amount ?? 0)), decimals)} ${trade.collateral}`
}

function describeTrade(trade: DemoTrade): string {
  return `${trade.amount} ${trade.collateral} → ${trade.isLong ? 'long' : 'short'} ${trade.size} ${trade.market.split('-')[0]}, ≤ ${trade.maxLeverage}×`
}

async function waitForPeers(nodes: readonly DemoNode[], signal: AbortSignal): Promise<void> {
  for (let i = 0; i < 200 && !signal.aborted; i++) {
    const health = await Promise.all(
      nodes.map((n) => fetch(`${n.node.httpUrl()}/healthz`).then((r) => r.json())),
    )
    if (health.every((h) => (h as { peers: number }).peers >= nodes.length - 1)) {
      // Meshes form on the next heartbeat after the connections.
      await new Promise((done) => setTimeout(done, 1_200))
      return
    }
    await new Promise((done) => setTimeout(done, 100))
  }
  throw new Error('the solver nodes did not find each other')
}

async function chainNow(manifest: DevnetManifest): Promise<number> {
  const response = await fetch(chainOf(manifest, 'origin').rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getBlockByNumber',
      params: ['latest', false],
    }),
  })
  const { result } = (await response.json()) as { result: { timestamp: string } }
  return Number(BigInt(result.timestamp))
}

function chainName(manifest: DevnetManifest, entry: TimelineEntry | undefined): string {
  return manifest.chains.find((c) => c.chainId === entry?.chainId)?.name ?? '?'
}

function short(value: string): string {
  return value.length > 12 ? `${value.slice(0, 6)}…${value.slice(-4)}` : value
}

function money(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

/** An 18-decimal price from an event detail (decimal string). */
function price(value: string | number | boolean | undefined): string {
  return value === undefined ? '?' : money(Number(formatUnits(BigInt(String(value)), 18)))
}

function usd(value: string | number | boolean | undefined, decimals = 18): string {
  return value === undefined ? '?' : money(Number(formatUnits(BigInt(String(value)), decimals)))
}

/** An 18-decimal token amount from an event detail, to four places. */
function weth(value: string | number | boolean | undefined): string {
  const amount = Number(formatUnits(BigInt(String(value ?? 0)), 18))
  return amount.toLocaleString('en-US', { maximumFractionDigits: 4 })
}
