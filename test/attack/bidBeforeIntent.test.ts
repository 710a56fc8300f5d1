import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { chainNow, entryOf, eventually, openCount, postIntent } from '../solver/networkHelpers.ts'
import {
  type Attacker,
  type AttackStack,
  fadesOf,
  fadesRecorded,
  note,
  sleep,
  story,
} from './attackNetwork.ts'
import { startMeshedAttacker } from './startMeshedAttacker.ts'
import { startWarmAttackStack } from './startWarmAttackStack.ts'

// "A bid may overtake its intent" is answered `ignore` — and gossipsub remembers the message id, so
// the same bid relayed later by an honest node is a duplicate that is never validated again. An
// attacker that is both a trader and a bonded solver (solver 0's key) uses that to give two honest
// nodes different bid sets: it shows its 0-bps bid to C before C has the intent (C drops it for good)
// and to R after R has it (R takes it). R then waits out the attacker's slot; C, which never saw the
// attacker's bid, would think R's slot began at the bid window's end and fade R. The test checks that
// C still counts the bid once the intent arrives, so no honest node is faded.

let stack: AttackStack
let R: SolverNode
let C: SolverNode
let toC: Attacker
let toR: Attacker

beforeAll(async () => {
  stack = await startWarmAttackStack({
    bidders: [{ solver: 1, strategy: fixedFeeStrategy(2) }],
    watcher: { solver: 2, strategy: fixedFeeStrategy(null) },
    warmUpNonce: 81_999n,
  })
  ;[R, C] = stack.nodes as [SolverNode, SolverNode]
  // Two peers of the same attacker, each connected to one honest node only.
  toC = await startMeshedAttacker({ manifest: stack.devnet.manifest, solver: 0, peers: [C] })
  toR = await startMeshedAttacker({ manifest: stack.devnet.manifest, solver: 0, peers: [R] })
}, 120_000)

afterAll(async () => {
  await toC?.stop()
  await toR?.stop()
  await stack?.stop()
})

test('a bid that arrives before its intent still counts once the intent arrives: every node ranks the same bids and the honest runner-up is not faded', async () => {
  const manifest = stack.devnet.manifest
  expect(R.peers()).not.toContain(toC.gossip.peerId)
  expect(C.peers()).not.toContain(toR.gossip.peerId)
  const signed = await signTestIntent({ manifest, trader: 1, nonce: 81_001n, now: await chainNow(manifest) })
  const orderId = (await import('@xmargin/intents')).hashIntent(signed.order)
  const bid = await toC.signBid(orderId, 0, signed.order.fillDeadline)
  // 1. C hears the bid before the intent: `ignore`, and its id is now in C's seen cache.
  await toC.publishBid(bid)
  await sleep(300)
  // 2. The intent, posted to R, reaches C over gossip.
  const response = await postIntent(R, stringifyIntent(signed))
  expect(response.status).toBe(202)
  await eventually('both nodes hold the intent', () =>
    R.timeline(orderId).length > 0 && C.timeline(orderId).length > 0 ? true : undefined,
  )
  // 3. The same bytes to R, inside the bid window: R takes the bid and relays it; C drops the copy.
  await toR.publishBid(bid)
  await eventually('R holds the attacker bid', () =>
    R.timeline(orderId).some((e) => e.kind === 'bid' && e.actor === toR.address) ? true : undefined,
  )
  await entryOf(C, orderId, 'filled', 30_000)
  await sleep(1_000)
  const cSawAttacker = C.timeline(orderId).some((e) => e.kind === 'bid' && e.actor === toC.address)
  const report = [
    `R: ${story(R, orderId)}`,
    `C: ${story(C, orderId)}`,
    `C holds the attacker's bid: ${cSawAttacker}`,
    `fades of R: ${fadesRecorded([R, C], [orderId], R.address).join(', ') || 'none'}; fades_total{R} on C = ${await fadesOf(C, R.address)}`,
  ].join('\n')
  note(`[bidBeforeIntent]\n${report}`)
  expect(await openCount(manifest, orderId)).toBe(1)
  // The promise: every node ranks the same bids, and R — which opened as soon as its turn came in
  // its own view — is not faded.
  expect(cSawAttacker, report).toBe(true)
  expect(fadesRecorded([R, C], [orderId], R.address), report).toEqual([])
  expect(await fadesOf(C, R.address), report).toBe(0)
}, 90_000)
