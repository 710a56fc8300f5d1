import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { entryOf, postIntent, waitForMesh } from '../solver/networkHelpers.ts'
import { type AttackStack, note, sleep, startAttackStack, story, warmUp } from './attackNetwork.ts'
import type { ChaosProxy } from './chaosProxy.ts'
import { proxyChain } from './proxiedChain.ts'

// A gossiped intent that a node cannot check because its origin RPC is stalled (CHAIN_UNAVAILABLE) is
// `ignore`d — "this node cannot decide" — but gossipsub has already put its id in the seen cache, and
// nobody publishes it again: without a fix the node never learns of the intent, however soon its RPC
// recovers. The test checks that the intent is still bid on and filled.
// W (solver 1) is the only solver that bids (2 bps); the trader submits to C (solver 2, no bids).
// W's origin RPC stalls for 2 s as the intent is gossiped: shorter than a fade grace.

let stack: AttackStack
let proxy: ChaosProxy
let W: SolverNode
let C: SolverNode

beforeAll(async () => {
  stack = await startAttackStack([{ solver: 2, strategy: fixedFeeStrategy(null) }])
  const { manifest } = stack.devnet
  const viaProxy = await proxyChain(manifest, 'origin')
  proxy = viaProxy.proxy
  C = stack.nodes[0] as SolverNode
  W = await stack.add({ solver: 1, strategy: fixedFeeStrategy(2), manifest: viaProxy.manifest })
  await waitForMesh([W, C])
  await warmUp(stack, C, [W], 151_999n)
}, 120_000)

afterAll(async () => {
  await stack?.stop()
  await proxy?.close()
})

test('an intent gossiped during a 2 s stall of the only bidder’s origin RPC is still bid on and filled once the RPC answers again', async () => {
  const manifest = stack.devnet.manifest
  const signed = await signTestIntent({ manifest, nonce: 151_001n, now: Math.floor(Date.now() / 1000) })
  proxy.freeze(true)
  const response = await postIntent(C, stringifyIntent(signed))
  expect(response.status).toBe(202)
  const orderId = response.body.orderId as Hex
  await sleep(2_000)
  proxy.freeze(false)
  const filled = await entryOf(C, orderId, 'filled', 20_000).then(
    () => true,
    () => false,
  )
  const status = (
    (await fetch(`${C.httpUrl()}/v1/intents/${orderId}`).then((r) => r.json())) as { status: string }
  ).status
  const metrics = await fetch(`${W.httpUrl()}/metrics`).then((r) => r.text())
  const report = `C: ${story(C, orderId)} (status ${status}); W: ${story(W, orderId) || 'never heard of it'}; W ${
    metrics.match(/^xmargin_intents_received_total\{source="gossip",verdict="ignored"\} \d+/m)?.[0] ?? ''
  }`
  note(`[ignoredIntent] ${report}`)
  expect(filled, report).toBe(true)
}, 60_000)
