import { hashIntent, parseIntent, signSolverBid, stringifyIntent, stringifySolverBid } from '@xmargin/intents'
import {
  createGossipNode,
  createLogger,
  type GossipNode,
  gossipScoreThresholds,
  type SolverNode,
} from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent, startTestNetwork, type TestNetwork } from '@xmargin/solver/testing'
import { type Hex, parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { chainNow, eventually, waitForMesh } from '../../solver/networkHelpers.ts'
import { postIntent, statusCounts } from './postIntent.ts'
import { BLOCK_SECONDS, FEE, RUNNER_UP_BID_BPS, type Scenario, sleep, WINNING_BID_BPS } from './scenario.ts'
import { scrapeMetric, scrapeMetricSum } from './scrapeMetric.ts'
import { type ChaosTrader, startChaosChains } from './startChaosChains.ts'
import { goal, ms, quantile, table } from './table.ts'
import { warmUp, warmUpLine } from './warmUp.ts'
import { watchSettlement } from './watchSettlement.ts'

const INTENTS = 40
const SPACING_MS = 500
const ATTACK_KEYS = 10
const FILL_TIMEOUT_MS = 120_000
const DELAY_BUDGET_MS = 1_000

type Submission = { attacked: boolean; submittedAt: number; orderId: string | undefined }

/**
 * (c) A peer in the mesh that forwards anything gossips, for every other intent as soon as it hears
 * it (or, once the nodes stop telling it anything, as soon as it is posted), 0-bps bids signed by 10
 * unbonded keys: the bids would win every auction if the nodes took them.
 * The attacked and the undisturbed intents have the same terms and alternate.
 */
export const runBidSpam: Scenario = async (progress) => {
  const chains = await startChaosChains({ traders: 2, blockSeconds: BLOCK_SECONDS })
  const { manifest, traders } = chains
  let network: TestNetwork | undefined
  let attacker: GossipNode | undefined
  const watch = watchSettlement(manifest)
  try {
    network = await startTestNetwork(manifest, [
      { solver: 0, strategy: fixedFeeStrategy(WINNING_BID_BPS) },
      { solver: 1, strategy: fixedFeeStrategy(RUNNER_UP_BID_BPS) },
      { solver: 2, strategy: fixedFeeStrategy(null) },
    ])
    const { nodes } = network
    const winner = nodes[0] as SolverNode
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
    const peer = await createGossipNode({
      listen: ['/ip4/127.0.0.1/tcp/0'],
      bootstrap: nodes.flatMap((n) => n.multiaddrs()),
      validate: { intent: async () => 'accept', bid: async () => 'accept' },
      logger: createLogger({ name: 'attacker', level: 'silent' }),
    })
    attacker = peer
    await peer.start()
    await eventually('the attacker in every node’s peers', () =>
      nodes.every((n) => n.peers().includes(peer.peerId)) ? true : undefined,
    )
    await sleep(1_500)

    const keys = Array.from({ length: ATTACK_KEYS }, () => privateKeyToAccount(generatePrivateKey()))
    const targets = new Set<string>()
    const attacked = new Set<string>()
    let published = 0
    let publishFailures = 0
    const expiry = (await chainNow(manifest)) + 600
    let heardOverGossip = 0
    const attack = (orderId: string) => {
      if (!targets.has(orderId) || attacked.has(orderId)) return
      attacked.add(orderId)
      void (async () => {
        for (const account of keys) {
          const bid = await signSolverBid({
            bid: { orderId: orderId as Hex, solver: account.address, feeBps: 0, expiry },
            account,
          })
          await peer.publishBid(new TextEncoder().encode(stringifySolverBid(bid))).then(
            () => published++,
            () => publishFailures++,
          )
        }
      })()
    }
    peer.onIntent((data) => {
      const orderId = hashIntent(parseIntent(data).order)
      if (targets.has(orderId) && !attacked.has(orderId)) heardOverGossip++
      attack(orderId)
    })

    progress(`  ${INTENTS} intents, one every ${SPACING_MS} ms; every other one is attacked …`)
    const submissions: Submission[] = []
    const answers: Promise<Awaited<ReturnType<typeof postIntent>>>[] = []
    const start = Date.now()
    for (let i = 0; i < INTENTS; i++) {
      await sleep(start + i * SPACING_MS - Date.now())
      const trader = traders[i % traders.length] as ChaosTrader
      const signed = await signTestIntent({
        manifest,
        privateKey: trader.privateKey,
        nonce: 3_000_000n + BigInt(i),
        now: await chainNow(manifest),
        collateralAmount: parseEther('0.5'),
        size: parseEther('0.2'),
        limitPrice: parseEther('3500'),
        fee: FEE,
      })
      const submission: Submission = { attacked: i % 2 === 0, submittedAt: Date.now(), orderId: undefined }
      if (submission.attacked) targets.add(hashIntent(signed.order))
      submissions.push(submission)
      const node = nodes[i % nodes.length] as SolverNode
      answers.push(
        postIntent({
          node: node.httpUrl(),
          body: stringifyIntent(signed),
          localAddress: trader.clientIp,
        }).then((answer) => {
          if (answer.status === 202) submission.orderId = answer.orderId
          // Once graylisted the attacker hears nothing: it attacks what it knows was posted.
          if (answer.orderId !== undefined) attack(answer.orderId)
          return answer
        }),
      )
    }
    const answered = await Promise.all(answers)
    const accepted = submissions.flatMap((s) => (s.orderId === undefined ? [] : [s.orderId]))
    progress(`  ${accepted.length}/${INTENTS} accepted; waiting for fills …`)
    await watch.waitFilled(accepted, FILL_TIMEOUT_MS)

    const rejectedUnbonded = await Promise.all(
      nodes.map((n) => scrapeMetric(n.httpUrl(), 'xmargin_bids_rejected_total', { reason: 'unbonded' })),
    )
    const fades = (await scrapeMetricSum(urls, 'xmargin_fades_total')) - fadesBefore
    const group = (isAttacked: boolean) => {
      const ofGroup = submissions.filter((s) => s.attacked === isAttacked && s.orderId !== undefined)
      const latencies = ofGroup.flatMap((s) => {
        const at = watch.filledAt(s.orderId ?? '')
        return at === undefined ? [] : [at - s.submittedAt]
      })
      const byWinner = ofGroup.filter((s) => watch.filler(s.orderId ?? '') === winner.address).length
      return { ofGroup, latencies, byWinner }
    }
    const underAttack = group(true)
    const undisturbed = group(false)
    const delay = quantile(underAttack.latencies, 0.5) - quantile(undisturbed.latencies, 0.5)
    const row = (name: string, g: ReturnType<typeof group>) => [
      name,
      `${g.ofGroup.length}`,
      `${g.latencies.length}`,
      ms(quantile(g.latencies, 0.5)),
      ms(quantile(g.latencies, 0.9)),
      ms(quantile(g.latencies, 1)),
      `${g.byWinner}`,
    ]
    return [
      `(c) bid spam: ${INTENTS} intents, one every ${SPACING_MS} ms, to ${nodes.length} nodes; a raw peer gossips ` +
        `0-bps bids from ${ATTACK_KEYS} unbonded keys on every other intent as soon as it sees it`,
      `  POST /v1/intents: ${statusCounts(answered)}`,
      warmUpLine(warm),
      ...table(
        [
          'submit → open',
          'intents',
          'filled',
          'p50 ms',
          'p90 ms',
          'max ms',
          `filled by the ${WINNING_BID_BPS}-bps bidder`,
        ],
        [row('under attack', underAttack), row('undisturbed', undisturbed)],
      ),
      ...watch.unfilled(accepted).map((id) => `  never filled: ${id}`),
      `  spam: ${published} bids published for ${attacked.size} intents (${heardOverGossip} heard over gossip ` +
        `first, the rest attacked when posted; ${publishFailures} publishes failed)`,
      `  the nodes rejected ${rejectedUnbonded.join(', ')} bids as unbonded; the attacker's score per node: ` +
        `${nodes.map((n) => n.peerScore(peer.peerId).toFixed(0)).join(', ')} ` +
        `(graylisted below ${gossipScoreThresholds.graylistThreshold}: its messages dropped unvalidated)`,
      `  fades recorded: ${fades} (xmargin_fades_total over ${nodes.length} nodes)`,
      goal(
        `median under attack − median undisturbed ≤ ${DELAY_BUDGET_MS} ms (${ms(delay)} ms)`,
        delay <= DELAY_BUDGET_MS && underAttack.latencies.length === underAttack.ofGroup.length,
      ),
    ]
  } finally {
    progress('  stopping …')
    watch.stop()
    await attacker?.stop()
    await network?.stop()
    await chains.stop()
  }
}
