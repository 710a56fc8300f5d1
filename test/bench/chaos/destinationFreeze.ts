import { stringifyIntent } from '@xmargin/intents'
import { chainOf } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent, startTestNetwork, type TestNetwork } from '@xmargin/solver/testing'
import { type Hex, parseEther } from 'viem'
import { chainNow, waitForMesh } from '../../solver/networkHelpers.ts'
import { type RpcProxy, startRpcProxy } from '../../solver/rpcProxy.ts'
import { postIntent, statusCounts } from './postIntent.ts'
import {
  BID_WINDOW_MS,
  BLOCK_SECONDS,
  bidWaitMs,
  FEE,
  RUNNER_UP_BID_BPS,
  type Scenario,
  scheduleAt,
  sleep,
  WINNING_BID_BPS,
} from './scenario.ts'
import { scrapeMetricSum } from './scrapeMetric.ts'
import { type ChaosTrader, startChaosChains } from './startChaosChains.ts'
import { STEPS, type Step, stepTimes } from './stepTimes.ts'
import { goal, ms, quantile, table } from './table.ts'
import { warmUp, warmUpLine } from './warmUp.ts'
import { watchSettlement } from './watchSettlement.ts'

const SPACING_MS = 500
const STREAM_MS = 40_000
const FREEZE_FROM_MS = 10_000
const FREEZE_TO_MS = 30_000
const FILL_TIMEOUT_MS = 120_000

type Phase = 'before' | 'during' | 'after'

type Submission = { phase: Phase; submittedAt: number; bidWait: number; orderId: string | undefined }

/**
 * (b) Every node reaches the destination chain through one RPC proxy, frozen (requests held unanswered)
 * from t = 10 s to t = 30 s while intents stream in: what fills, how soon the network is back to its
 * usual pace once the chain answers, and whether anyone was wrongly recorded as fading.
 */
export const runDestinationFreeze: Scenario = async (progress) => {
  const chains = await startChaosChains({ traders: 2, blockSeconds: BLOCK_SECONDS })
  const { manifest, traders } = chains
  const destination = chainOf(manifest, 'destination')
  let proxy: RpcProxy | undefined
  // Never frozen: it only notes when each open is handed to the origin chain.
  let originProxy: RpcProxy | undefined
  let network: TestNetwork | undefined
  const watch = watchSettlement(manifest)
  try {
    proxy = await startRpcProxy(destination.rpcUrl)
    originProxy = await startRpcProxy(chainOf(manifest, 'origin').rpcUrl)
    const behindProxy = {
      ...manifest,
      chains: manifest.chains.map((c) =>
        c.chainId === destination.chainId
          ? { ...c, rpcUrl: proxy?.url ?? '' }
          : { ...c, rpcUrl: originProxy?.url ?? '' },
      ),
    }
    network = await startTestNetwork(manifest, [
      { solver: 0, strategy: fixedFeeStrategy(WINNING_BID_BPS), manifest: behindProxy },
      { solver: 1, strategy: fixedFeeStrategy(RUNNER_UP_BID_BPS), manifest: behindProxy },
      { solver: 2, strategy: fixedFeeStrategy(null), manifest: behindProxy },
    ])
    const { nodes } = network
    progress('  nodes started; waiting for the mesh …')
    await waitForMesh(nodes)
    const warm = await warmUp({
      manifest,
      node: nodes[0] as SolverNode,
      bidders: 2,
      trader: traders[0] as ChaosTrader,
      watch,
    })
    progress(warmUpLine(warm))
    const urls = nodes.map((n) => n.httpUrl())
    const fadesBefore = await scrapeMetricSum(urls, 'xmargin_fades_total')

    progress(
      `  streaming an intent every ${SPACING_MS} ms for ${STREAM_MS / 1000} s; destination RPC frozen ` +
        `from ${FREEZE_FROM_MS / 1000} s to ${FREEZE_TO_MS / 1000} s …`,
    )
    const submissions: Submission[] = []
    const answers: Promise<void>[] = []
    const answered: Awaited<ReturnType<typeof postIntent>>[] = []
    const start = Date.now()
    let frozenAt: number | undefined
    let unfrozenAt: number | undefined
    for (let i = 0; i * SPACING_MS < STREAM_MS; i++) {
      await sleep(start + i * SPACING_MS - Date.now())
      if (frozenAt === undefined && Date.now() - start >= FREEZE_FROM_MS) {
        proxy.freeze(true)
        frozenAt = Date.now()
        progress(`  destination RPC frozen at ${new Date(frozenAt).toISOString()}`)
      }
      if (unfrozenAt === undefined && Date.now() - start >= FREEZE_TO_MS) {
        proxy.freeze(false)
        unfrozenAt = Date.now()
        progress(`  destination RPC answering again at ${new Date(unfrozenAt).toISOString()}`)
      }
      const trader = traders[i % traders.length] as ChaosTrader
      const now = await chainNow(manifest)
      const signed = await signTestIntent({
        manifest,
        privateKey: trader.privateKey,
        nonce: 2_000_000n + BigInt(i),
        now,
        collateralAmount: parseEther('0.5'),
        size: parseEther('0.2'),
        limitPrice: parseEther('3500'),
        fee: FEE,
      })
      const submittedAt = Date.now()
      const phase: Phase = unfrozenAt !== undefined ? 'after' : frozenAt !== undefined ? 'during' : 'before'
      const submission: Submission = {
        phase,
        submittedAt,
        bidWait: bidWaitMs(scheduleAt(now), submittedAt),
        orderId: undefined,
      }
      submissions.push(submission)
      const node = nodes[i % nodes.length] as SolverNode
      answers.push(
        postIntent({
          node: node.httpUrl(),
          body: stringifyIntent(signed),
          localAddress: trader.clientIp,
        }).then((answer) => {
          answered.push(answer)
          if (answer.status === 202) submission.orderId = answer.orderId
        }),
      )
    }
    await Promise.all(answers)
    const accepted = submissions.flatMap((s) => (s.orderId === undefined ? [] : [s.orderId]))
    progress(`  ${accepted.length}/${submissions.length} accepted; waiting for fills …`)
    await watch.waitFilled(accepted, FILL_TIMEOUT_MS)

    const fades = (await scrapeMetricSum(urls, 'xmargin_fades_total')) - fadesBefore
    const fadedEntries = nodes
      .flatMap((n) => accepted.flatMap((id) => n.timeline(id as Hex)))
      .filter((e) => e.kind === 'faded').length
    const latency = (s: Submission) => {
      const at = s.orderId === undefined ? undefined : watch.filledAt(s.orderId)
      return at === undefined ? undefined : at - s.submittedAt
    }
    const rows = (['before', 'during', 'after'] as const).map((phase) => {
      const ofPhase = submissions.filter((s) => s.phase === phase)
      const latencies = ofPhase.flatMap((s) => latency(s) ?? [])
      return [
        PHASE_LABEL[phase],
        `${ofPhase.length}`,
        `${ofPhase.filter((s) => s.orderId !== undefined).length}`,
        `${latencies.length}`,
        ms(quantile(latencies, 0.5)),
        ms(quantile(latencies, 1)),
      ]
    })
    const after = submissions.filter((s) => s.phase === 'after' && s.orderId !== undefined)
    const backlog = submissions.filter((s) => s.phase === 'during' && s.orderId !== undefined)
    const thawedAt = unfrozenAt ?? Number.NaN
    const first = (of: readonly Submission[], at: (orderId: string) => number | undefined) =>
      Math.min(...of.flatMap((s) => at(s.orderId ?? '') ?? []))
    // The block's time, not when this watch saw it: the watch shares its process with the nodes and,
    // right after the thaw, lags seconds behind the chain.
    const openAt = (orderId: string) => watch.openBlockAt(orderId) ?? watch.openedAt(orderId)
    const firstAfterOpen = first(after, openAt)
    const firstAfterFill = first(after, watch.filledAt)
    const lastBacklogFill = Math.max(...backlog.flatMap((s) => watch.filledAt(s.orderId ?? '') ?? []))
    const overshoots = after.map((s) => (latency(s) ?? Number.POSITIVE_INFINITY) - s.bidWait)
    const worst = Math.max(...overshoots)
    const budget = BID_WINDOW_MS + 2 * BLOCK_SECONDS * 1000
    const filled = submissions.filter((s) => latency(s) !== undefined).length
    // The first intent submitted after the thaw cannot open before its schedule reaches the bid: that
    // wait is the trader's fee schedule, not the network's recovery, and is taken off.
    const firstAfter = after[0]
    const firstAfterOpenNet =
      firstAfter?.orderId === undefined
        ? Number.NaN
        : (openAt(firstAfter.orderId) ?? Number.NaN) -
          Math.max(thawedAt, firstAfter.submittedAt + firstAfter.bidWait)
    const steps = (s: Submission | undefined) =>
      s?.orderId === undefined
        ? {}
        : stepTimes({
            orderId: s.orderId,
            nodes,
            watch,
            originProxy: originProxy as RpcProxy,
            destinationProxy: proxy as RpcProxy,
          })
    const firstBacklogOpened = [...backlog].sort(
      (a, b) => (watch.openedAt(a.orderId ?? '') ?? Infinity) - (watch.openedAt(b.orderId ?? '') ?? Infinity),
    )[0]
    const breakdown = [
      stepRow('first backlog intent opened', steps(firstBacklogOpened), thawedAt),
      stepRow('first intent after the thaw', steps(firstAfter), thawedAt),
      ...medianSteps(after.map(steps)).map((row) => ['p50 after the thaw (from its receipt)', ...row]),
    ]
    return [
      `(b) destination RPC frozen ${(FREEZE_TO_MS - FREEZE_FROM_MS) / 1000} s: an intent every ${SPACING_MS} ms for ` +
        `${STREAM_MS / 1000} s to ${nodes.length} nodes, all behind one destination RPC proxy, frozen from ` +
        `t = ${FREEZE_FROM_MS / 1000} s to t = ${FREEZE_TO_MS / 1000} s`,
      `  POST /v1/intents: ${statusCounts(answered)}`,
      warmUpLine(warm),
      ...table(['submitted', 'intents', 'accepted', 'filled', 'submit → open p50 ms', 'max ms'], rows),
      `  filled: ${filled}/${accepted.length} accepted intents (within ${FILL_TIMEOUT_MS / 1000} s of the last)`,
      `  recovery (thaw = the destination RPC answering again; an Open at its block's time, whole seconds):`,
      `    thaw → first Open of the backlog (intents submitted during the freeze): ${ms(first(backlog, openAt) - thawedAt)} ms; ` +
        `→ first Filled: ${ms(first(backlog, watch.filledAt) - thawedAt)} ms; → last Filled: ${ms(lastBacklogFill - thawedAt)} ms`,
      `    thaw → first Open of an intent submitted after it: ${ms(firstAfterOpen - thawedAt)} ms; ` +
        `→ its Filled: ${ms(firstAfterFill - thawedAt)} ms (submitted ${ms((firstAfter?.submittedAt ?? Number.NaN) - thawedAt)} ms after the thaw, bid wait ${ms(firstAfter?.bidWait)} ms)`,
      `    first intent after the thaw: Open − max(thaw, its schedule reaching the bid) = ${ms(firstAfterOpenNet)} ms ` +
        `(goal ≤ bid window + 2 blocks = ${budget} ms: ${firstAfterOpenNet <= budget ? 'met' : 'NOT MET'})`,
      `  where the time goes (ms after the thaw; the p50 row: per step, the median over the intents after the thaw of ms after the filler received it):`,
      ...table(['order', ...STEPS], breakdown),
      `  after the thaw, max(submit → Filled − bid wait): ${ms(worst)} ms ` +
        `(p50 ${ms(quantile(overshoots, 0.5))} ms, over ${after.length} intents)`,
      ...watch.unfilled(accepted).map((id) => `  never filled: ${id}`),
      `  filled by solver 0 / 1 / 2: ${nodes.map((n) => accepted.filter((id) => watch.filler(id) === n.address).length).join(' / ')}`,
      `  fades recorded: ${fades} (xmargin_fades_total over ${nodes.length} nodes), ${fadedEntries} faded timeline entries`,
      goal(
        `all accepted intents filled, first intent after the thaw opened ≤ bid window + 2 blocks (${budget} ms) ` +
          'after the thaw or its schedule reaching the bid, 0 fades',
        filled === accepted.length && firstAfterOpenNet <= budget && fades === 0 && fadedEntries === 0,
      ),
    ]
  } finally {
    progress('  stopping …')
    watch.stop()
    await network?.stop()
    await proxy?.close()
    await originProxy?.close()
    await chains.stop()
  }
}

const PHASE_LABEL: Record<Phase, string> = {
  before: `before the freeze (0–${FREEZE_FROM_MS / 1000} s)`,
  during: `during it (${FREEZE_FROM_MS / 1000}–${FREEZE_TO_MS / 1000} s)`,
  after: `after it (${FREEZE_TO_MS / 1000}–${STREAM_MS / 1000} s)`,
}

function stepRow(label: string, times: Partial<Record<Step, number>>, from: number): string[] {
  return [label, ...STEPS.map((step) => ms((times[step] ?? Number.NaN) - from))]
}

/** Per step, the median over the orders of (step − received). */
function medianSteps(all: readonly Partial<Record<Step, number>>[]): string[][] {
  if (all.length === 0) return []
  return [
    STEPS.map((step) =>
      ms(
        quantile(
          all.flatMap((t) =>
            t[step] === undefined || t.received === undefined ? [] : [t[step] - t.received],
          ),
          0.5,
        ),
      ),
    ),
  ]
}
