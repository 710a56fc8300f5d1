import { stringifyIntent } from '@xmargin/intents'
import {
  createGossipNode,
  createLogger,
  type GossipNode,
  gossipScoreThresholds,
  type SolverNode,
} from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent, startTestStack, type TestStack } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { chainNow, entryOf, eventually, postIntent, waitForMesh } from './networkHelpers.ts'

let stack: TestStack
let attacker: GossipNode

beforeAll(async () => {
  stack = await startTestStack([
    { solver: 0, strategy: fixedFeeStrategy(null) },
    { solver: 1, strategy: fixedFeeStrategy(null) },
  ])
  const { network } = stack
  await waitForMesh(network.nodes)
  // A peer that forwards anything: its own validators accept every message.
  attacker = await createGossipNode({
    listen: ['/ip4/127.0.0.1/tcp/0'],
    bootstrap: (network.nodes[0] as SolverNode).multiaddrs(),
    validate: { intent: async () => 'accept', bid: async () => 'accept' },
    logger: createLogger({ name: 'attacker', level: 'silent' }),
  })
  await attacker.start()
}, 90_000)

afterAll(async () => {
  await attacker?.stop()
  await stack?.stop()
})

test('a peer gossiping malformed and forged intents is graylisted while honest intents still flow', async () => {
  const { devnet, network } = stack
  const [honest, other] = network.nodes as [SolverNode, SolverNode]
  await eventually('the attacker in the mesh', () =>
    honest.peers().includes(attacker.peerId) ? true : undefined,
  )
  await new Promise((done) => setTimeout(done, 1_500))

  const now = await chainNow(devnet.manifest)
  const valid = await signTestIntent({ manifest: devnet.manifest, nonce: 4001n, now })
  const forged = stringifyIntent({ ...valid, order: { ...valid.order, nonce: 4002n } })
  const garbage = ['{"order":', 'not json at all', forged, forged.replace('"ETH-USD"', '"ETH-USDX"')]
  for (const [i, text] of garbage.entries()) {
    // Distinct bytes each time, or gossipsub would drop them as duplicates before validation.
    await attacker.publishIntent(new TextEncoder().encode(`${text}${' '.repeat(i)}`))
  }
  await eventually(
    `the attacker's score below the graylist threshold (${gossipScoreThresholds.graylistThreshold})`,
    () => (honest.peerScore(attacker.peerId) < gossipScoreThresholds.graylistThreshold ? true : undefined),
  )

  const response = await postIntent(other, stringifyIntent(valid))
  expect(response.status).toBe(202)
  const orderId = response.body.orderId as Hex
  const received = await entryOf(honest, orderId, 'received')
  expect(received.detail.source).toBe('gossip')
  const metrics = await fetch(`${honest.httpUrl()}/metrics`).then((r) => r.text())
  expect(metrics).toMatch(/xmargin_intents_received_total\{source="gossip",verdict="rejected"\} [1-9]/)
})
