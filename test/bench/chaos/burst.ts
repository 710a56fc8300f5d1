import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent, startTestNetwork, type TestNetwork } from '@xmargin/solver/testing'
import { parseEther } from 'viem'
import { chainNow, waitForMesh } from '../../solver/networkHelpers.ts'
import { countDoubles } from './countDoubles.ts'
import { postIntent, statusCounts } from './postIntent.ts'
import {
  BLOCK_SECONDS,
  bidWaitMs,
  FEE,
  RUNNER_UP_BID_BPS,
  type Scenario,
  scheduleAt,
  WINNING_BID_BPS,
} from './scenario.ts'
import { scrapeMetricSum } from './scrapeMetric.ts'
import { type ChaosTrader, startChaosChains } from './startChaosChains.ts'
import { goal, ms, spread, table } from './table.ts'
import { warmUp, warmUpLine } from './warmUp.ts'
import { watchSettlement } from './watchSettlement.ts'

const INTENTS = 200
const TRADERS = 6
const FILL_TIMEOUT_MS = 240_000

/**
 * (a) 200 intents from 6 traders posted at once, to the nodes in turn (each trader its own client IP,
 * so no trader exceeds the 60-a-minute limit): how many fill, how fast, and whether any order is
 * opened or filled twice.
 */
export const runBurst: Scenario = async (progress) => {
  const chains = await startChaosChains({ traders: TRADERS, blockSeconds: BLOCK_SECONDS })
  const { manifest, traders } = chains
  let network: TestNetwork | undefined
  const watch = watchSettlement(manifest)
  try {
    network = await startTestNetwork(manifest, [
      { solver: 0, strategy: fixedFeeStrategy(WINNING_BID_BPS) },
      { solver: 1, strategy: fixedFeeStrategy(RUNNER_UP_BID_BPS) },
      { solver: 2, strategy: fixedFeeStrategy(null) },
    ])
    const { nodes } = network
    const trader = (i: number) => traders[i % traders.length] as ChaosTrader
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
    const now = await chainNow(manifest)
    const signed = await Promise.all(
      Array.from({ length: INTENTS }, (_, i) =>
        signTestIntent({
          manifest,
          privateKey: trader(i).privateKey,
          nonce: 1_000_000n + BigInt(i),
          now,
          collateralAmount: parseEther('0.5'),
          size: parseEther('0.2'),
          limitPrice: parseEther('3500'),
          fee: FEE,
        }),
      ),
    )
    progress(`  posting ${INTENTS} intents at once to ${nodes.length} nodes …`)
    const submittedAt = Date.now()
    const answers = await Promise.all(
      signed.map((intent, i) =>
        postIntent({
          node: (nodes[i % nodes.length] as SolverNode).httpUrl(),
          body: stringifyIntent(intent),
          localAddress: trader(i).clientIp,
        }),
      ),
    )
    const postedIn = Date.now() - submittedAt
    const accepted = answers.flatMap((a) => (a.status === 202 && a.orderId !== undefined ? [a.orderId] : []))
    progress(`  ${accepted.length} accepted in ${postedIn} ms; waiting for fills …`)
    let reported = 0
    await watch.waitFilled(accepted, FILL_TIMEOUT_MS, (filled) => {
      if (filled - reported < 25 && filled < accepted.length) return
      reported = filled
      progress(`  ${filled}/${accepted.length} filled`)
    })
    const latencies = accepted.flatMap((id) => {
      const at = watch.filledAt(id)
      return at === undefined ? [] : [at - submittedAt]
    })
    const wait = bidWaitMs(scheduleAt(now), submittedAt)
    const doubles = await countDoubles(manifest)
    const fades = (await scrapeMetricSum(urls, 'xmargin_fades_total')) - fadesBefore
    const fillers = nodes.map((n) => accepted.filter((id) => watch.filler(id) === n.address).length)
    const filledAll = latencies.length === INTENTS
    const noDoubles = doubles.doubleOpens.length === 0 && doubles.doubleFills.length === 0
    return [
      `(a) burst: ${INTENTS} intents from ${TRADERS} traders posted at once, in turn to ${nodes.length} nodes ` +
        `(bids ${WINNING_BID_BPS} / ${RUNNER_UP_BID_BPS} / none bps), block time ${BLOCK_SECONDS} s`,
      `  POST /v1/intents: ${statusCounts(answers)} (all answered in ${postedIn} ms)`,
      warmUpLine(warm),
      `  filled: ${latencies.length}/${accepted.length} accepted within ${FILL_TIMEOUT_MS / 1000} s; ` +
        `bid wait (schedule reaches ${WINNING_BID_BPS} bps) ${ms(wait)} ms for all`,
      ...table(
        ['(ms)', 'p50', 'p90', 'p99', 'max'],
        [
          ['submit → open', ...spread(latencies)],
          ['submit → open − bid wait', ...spread(latencies.map((l) => l - wait))],
        ],
      ),
      `  double opens: ${doubles.doubleOpens.length} orders with more than one vault Open ` +
        `(${doubles.opens} Open events), ${doubles.doubleFills.length} with more than one engine Filled ` +
        `(${doubles.fills} Filled events)`,
      ...watch.unfilled(accepted).map((id) => `  never filled: ${id}`),
      `  filled by solver 0 / 1 / 2: ${fillers.join(' / ')}; fades recorded: ${fades} (xmargin_fades_total over ${nodes.length} nodes)`,
      ...[...doubles.doubleOpens, ...doubles.doubleFills].map((id) => `    double: ${id}`),
      goal(`${INTENTS}/${INTENTS} filled, 0 double opens`, filledAll && noDoubles),
    ]
  } finally {
    progress('  stopping …')
    watch.stop()
    await network?.stop()
    await chains.stop()
  }
}
