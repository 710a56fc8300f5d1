import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { entryOf, postIntent, waitForMesh } from '../solver/networkHelpers.ts'
import { type AttackStack, note, sleep, startAttackStack, story, warmUp } from './attackNetwork.ts'
import type { ChaosProxy } from './chaosProxy.ts'
import { proxyChain } from './proxiedChain.ts'

// No attacker: the same loss as bidBeforeIntent.test.ts happens by itself. The node a trader posts to
// gossips the intent and, tens of milliseconds later, its own bid. A peer whose origin RPC answers in
// 300 ms (a remote provider; far under intake's 1.5 s limit) is still checking the intent's nonce,
// balance and allowance when the bid arrives: `ignore` ("a bid may overtake its intent"), and the
// bid would never be delivered again. The test checks that every peer still records it. R (solver 1, 2 bps) takes the submissions; D (solver 2) watches.

let stack: AttackStack
let proxy: ChaosProxy
let R: SolverNode
let D: SolverNode

beforeAll(async () => {
  stack = await startAttackStack([{ solver: 1, strategy: fixedFeeStrategy(2) }])
  const { manifest } = stack.devnet
  const remote = await proxyChain(manifest, 'origin')
  proxy = remote.proxy
  R = stack.nodes[0] as SolverNode
  D = await stack.add({ solver: 2, strategy: fixedFeeStrategy(null), manifest: remote.manifest })
  await waitForMesh([R, D])
  await warmUp(stack, R, [R], 201_999n)
}, 120_000)

afterAll(async () => {
  await stack?.stop()
  await proxy?.close()
})

test('with a 300 ms origin RPC, every peer records the bid of the node the intent was posted to, so the nodes rank the same bids', async () => {
  const manifest = stack.devnet.manifest
  proxy.delay('eth_call', 300)
  const lines: string[] = []
  let lost = 0
  for (let i = 0; i < 3; i++) {
    const signed = await signTestIntent({
      manifest,
      trader: i % 2,
      nonce: 201_000n + BigInt(i),
      now: Math.floor(Date.now() / 1000),
    })
    const orderId = (await postIntent(R, stringifyIntent(signed))).body.orderId as Hex
    await entryOf(D, orderId, 'filled', 20_000)
    await sleep(500)
    const has = D.timeline(orderId).some((e) => e.kind === 'bid' && e.actor === R.address)
    lost += has ? 0 : 1
    lines.push(`#${i}: D ${story(D, orderId)}${has ? '' : '   ← R’s bid missing'}`)
  }
  proxy.delay('eth_call', 0)
  const report = lines.join('\n')
  note(`[naturalBidLoss]\n${report}`)
  expect(lost, report).toBe(0)
}, 90_000)
