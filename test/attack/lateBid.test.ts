import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  chainNow,
  entryOf,
  eventually,
  fillCount,
  postIntent,
  waitForMesh,
} from '../solver/networkHelpers.ts'
import {
  type AttackStack,
  fadesOf,
  note,
  sleep,
  startAttackStack,
  story,
  waitUntilUnbanned,
} from './attackNetwork.ts'
import type { ChaosProxy } from './chaosProxy.ts'
import { proxyChain } from './proxiedChain.ts'

// A bid's slot is placed at the moment the schedule reaches it (after the bid window), whenever the
// bid itself arrives. A bid that arrives later than window + grace — its node's quote was slow: a
// destination RPC slow on eth_gasPrice, the Across SDK still loading on a node that just started, a
// node that restarted before bidding — could be judged to have faded the moment it is recorded, on
// every node *including its own*, which then never opens. The test checks that it is not, and fills. W (solver 1) is the only bidder (2 bps, the
// start fee); C (solver 2) watches.

let stack: AttackStack
let proxy: ChaosProxy
let W: SolverNode
let C: SolverNode

beforeAll(async () => {
  stack = await startAttackStack([{ solver: 2, strategy: fixedFeeStrategy(null) }], {
    baseBanMs: 3_000,
    maxBanMs: 3_000,
  })
  const { manifest } = stack.devnet
  const slow = await proxyChain(manifest, 'destination')
  proxy = slow.proxy
  C = stack.nodes[0] as SolverNode
  W = await stack.add({ solver: 1, strategy: fixedFeeStrategy(2), manifest: slow.manifest })
  await waitForMesh([W, C])
  // Warm up W's quoting (Across SDK) so only the slow RPC below makes its bid late.
  const warm = await signTestIntent({ manifest, nonce: 111_999n, now: await chainNow(manifest) })
  const warmId = (await postIntent(C, stringifyIntent(warm))).body.orderId as Hex
  await eventually(
    'W bid once',
    () => (W.timeline(warmId).some((e) => e.kind === 'bid') ? true : undefined),
    60_000,
  )
  note(`[lateBid] warm-up order, cold node: ${story(C, warmId)}; W: ${story(W, warmId)}`)
}, 120_000)

afterAll(async () => {
  await stack?.stop()
  await proxy?.close()
})

test('the only bid, 3.8 s late because its node’s destination RPC is slow on eth_gasPrice, is not faded and the order is filled', async () => {
  const manifest = stack.devnet.manifest
  await waitUntilUnbanned([C], [W.address])
  await sleep(2_500) // W's market snapshot (2 s cache) is stale: the next quote reads again
  proxy.delay('eth_gasPrice', 3_800)
  const signed = await signTestIntent({ manifest, nonce: 111_001n, now: await chainNow(manifest) })
  const orderId = (await postIntent(C, stringifyIntent(signed))).body.orderId as Hex
  await eventually(
    'W bid',
    () => (C.timeline(orderId).some((e) => e.kind === 'bid') ? true : undefined),
    20_000,
  )
  proxy.delay('eth_gasPrice', 0)
  const filled = await entryOf(C, orderId, 'filled', 20_000).then(
    () => true,
    () => false,
  )
  const report = `C: ${story(C, orderId)}\nW: ${story(W, orderId)}\nfades_total{W} on C: ${await fadesOf(C, W.address)}; fills on chain: ${await fillCount(manifest, orderId)}`
  note(`[lateBid]\n${report}`)
  expect(
    C.timeline(orderId).some((e) => e.kind === 'faded'),
    report,
  ).toBe(false)
  expect(filled, report).toBe(true)
}, 90_000)
