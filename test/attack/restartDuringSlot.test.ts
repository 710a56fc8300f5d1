import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
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

// "A restarted node judges no slot it did not see": after a restart it gives the current holder a
// fresh grace from the restart. But the other nodes do not, so when the holder is someone else and
// this node is next, it could wait out a grace the others never grant — and they would fade it, though
// it was up and able to open for seconds of its own slot. The test checks that it opens on its turn
// and nobody fades it. The holder is a bonded attacker (solver 0's key)
// bidding 0 bps and never opening; R (solver 1, 2 bps) is next; C (solver 2) watches.

let stack: AttackStack
let R: SolverNode
let C: SolverNode
let attacker: Attacker

beforeAll(async () => {
  stack = await startWarmAttackStack({
    bidders: [{ solver: 1, strategy: fixedFeeStrategy(2) }],
    watcher: { solver: 2, strategy: fixedFeeStrategy(null) },
    warmUpNonce: 121_999n,
  })
  ;[R, C] = stack.nodes as [SolverNode, SolverNode]
  attacker = await startMeshedAttacker({ manifest: stack.devnet.manifest, solver: 0, peers: [R, C] })
}, 120_000)

afterAll(async () => {
  await attacker?.stop()
  await stack?.stop()
})

test('a runner-up restarted during the holder’s slot still opens on its turn, and the others do not fade it', async () => {
  const manifest = stack.devnet.manifest
  expect(await fadesOf(C, R.address)).toBe(0)
  const signed = await signTestIntent({ manifest, nonce: 121_001n, now: await chainNow(manifest) })
  const orderId = (await postIntent(C, stringifyIntent(signed))).body.orderId as Hex
  await eventually('both nodes hold the intent', () =>
    R.timeline(orderId).length > 0 && C.timeline(orderId).length > 0 ? true : undefined,
  )
  await attacker.bid(orderId, 0, signed.order.fillDeadline)
  const received = C.timeline(orderId)[0]?.atMs ?? Date.now()
  // Restart R 2.8 s into the attacker's slot (the slot starts when the 300 ms bid window ends).
  await sleep(received + 300 + 2_800 - Date.now())
  const dataDir = stack.dataDirOf(R)
  await R.stop()
  const stoppedAt = Date.now()
  R = await stack.add({ solver: 1, strategy: fixedFeeStrategy(2), dataDir, bootstrap: C.multiaddrs() })
  const restartedAt = Date.now()
  const opened = await entryOf(C, orderId, 'opened', 30_000)
  await sleep(1_000)
  const report = [
    `C: ${story(C, orderId)}`,
    `R (restarted): ${story(R, orderId)}`,
    `R down ${stoppedAt - received} → ${restartedAt - received} ms after C received the intent; C's fade of the attacker at ≈${received + 3_300 - received} ms, so C expects R to open by ≈6300 ms`,
    `opened by ${opened.actor} (${await openCount(manifest, orderId)} open); fades of R: ${fadesRecorded([C], [orderId], R.address).join(', ') || 'none'}`,
  ].join('\n')
  note(`[restartDuringSlot]\n${report}`)
  expect(opened.actor).toBe(R.address)
  expect(fadesRecorded([C], [orderId], R.address), report).toEqual([])
  expect(await fadesOf(C, R.address), report).toBe(0)
}, 90_000)
