import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import { type Hex, parseEther } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { entryOf, fillCount, openCount, postIntent } from '../solver/networkHelpers.ts'
import { type Attacker, type AttackStack, fadesOf, fillsOf, metricsOf, note, sleep } from './attackNetwork.ts'
import { startMeshedAttacker } from './startMeshedAttacker.ts'
import { startWarmAttackStack } from './startWarmAttackStack.ts'

// A hostile trader floods the gossip (no HTTP rate limit applies) with 40 valid intents, each for 60 of
// its 100 WETH: every one passes intake (balance ≥ amount, per intent), every node bids on all of them,
// one can be opened. Then an honest trader posts an intent. W (solver 0) bids 2 bps, R (solver 1)
// 3 bps, C (solver 2) watches. The peer publishing the flood holds no bonded key: it only relays.

let stack: AttackStack
let W: SolverNode
let R: SolverNode
let C: SolverNode
let peer: Attacker

beforeAll(async () => {
  stack = await startWarmAttackStack({
    bidders: [
      { solver: 0, strategy: fixedFeeStrategy(2) },
      { solver: 1, strategy: fixedFeeStrategy(3) },
    ],
    watcher: { solver: 2, strategy: fixedFeeStrategy(null) },
    warmUpNonce: 171_999n,
  })
  ;[W, R, C] = stack.nodes as [SolverNode, SolverNode, SolverNode]
  peer = await startMeshedAttacker({ manifest: stack.devnet.manifest, solver: 0, peers: [C] })
}, 150_000)

afterAll(async () => {
  await peer?.stop()
  await stack?.stop()
})

test('an honest intent posted into a flood of 40 over-committed intents is still opened and filled exactly once by an honest solver', async () => {
  const manifest = stack.devnet.manifest
  const now = Math.floor(Date.now() / 1000)
  const flood = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      signTestIntent({
        manifest,
        trader: 1,
        nonce: 171_000n + BigInt(i),
        now,
        collateralAmount: parseEther('60'),
        size: parseEther('1'),
        fee: { startBps: 2, maxBps: 30, rampSeconds: 56 },
      }),
    ),
  )
  for (const signed of flood)
    await peer.gossip.publishIntent(new TextEncoder().encode(stringifyIntent(signed)))
  await sleep(1_000)
  const honest = await signTestIntent({
    manifest,
    trader: 0,
    nonce: 171_500n,
    now: Math.floor(Date.now() / 1000),
  })
  const started = Date.now()
  const response = await postIntent(R, stringifyIntent(honest))
  expect(response.status).toBe(202)
  const orderId = response.body.orderId as Hex
  const filled = await entryOf(C, orderId, 'filled', 30_000)
  const tookMs = Date.now() - started
  await sleep(8_000)
  const accepted = (await metricsOf(C)).match(
    /^xmargin_intents_received_total\{source="gossip",verdict="accepted"\} (\d+)/m,
  )?.[1]
  const report = `honest intent: POST → filled seen ${tookMs} ms, by ${filled.actor?.slice(0, 6)} at ${filled.detail.feeBps} bps; C accepted ${accepted} gossiped intents; fades on C: W ${await fadesOf(C, W.address)}, R ${await fadesOf(C, R.address)}; W fills_total ${JSON.stringify(await fillsOf(W))}; R fills_total ${JSON.stringify(await fillsOf(R))}; peer score of the flooding peer at C ${C.peerScore(peer.gossip.peerId).toFixed(1)}`
  note(`[gossipFlood] ${report}`)
  expect(await openCount(manifest, orderId)).toBe(1)
  expect(await fillCount(manifest, orderId), report).toBe(1)
  expect([W.address, R.address], report).toContain(filled.actor)
}, 180_000)
