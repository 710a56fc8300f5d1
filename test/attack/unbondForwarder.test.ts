import type { SolverNode } from '@xmargin/solver'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { bidsRejected, note, requestUnbond, sleep } from './attackNetwork.ts'
import { startUnbondRelayNetwork, type UnbondRelayNetwork } from './unbondRelayNetwork.ts'

// Bids of solvers not active in the registry are `reject`ed — but "active" is chain state that moves,
// and each node caches it (5 min, forgotten when its own 1 s poll of the registry's events sees a bond
// event). A bonded attacker that unbonds right after bidding has one honest node accept and relay its
// bids (cached: active) and the next one reject them (fresh: inactive): the P4 penalty would land on
// the honest relay. The test checks that it does not. A (solver 0) is the relay the attacker's peer talks to; C (solver 1) judges what A relays.

let network: UnbondRelayNetwork
let A: SolverNode
let C: SolverNode

beforeAll(async () => {
  network = await startUnbondRelayNetwork()
  A = network.relay
  C = network.judge
}, 120_000)

afterAll(() => network?.stop())

describe('a bonded solver that unbonds right after bidding', () => {
  test('with the relay’s RPC stalled (its registry cache cannot be refreshed), the honest relay forwards no bid that is rejected downstream and is not graylisted', async () => {
    const { key, attacker } = await network.bondedAttackerBehindRelay()
    try {
      const rejectedBefore = await bidsRejected(C, 'unbonded')
      network.proxy.freeze(true)
      await requestUnbond(network.stack.devnet.manifest, key)
      // C's registry poll (1 s) forgets the attacker; A's cannot run.
      await sleep(2_000)
      for (const orderId of network.orderIds.slice(1, 4)) {
        await attacker.bid(orderId, 5, 2 ** 32 - 1)
        await sleep(200)
      }
      await sleep(2_500)
      const rejected = (await bidsRejected(C, 'unbonded')) - rejectedBefore
      const score = C.peerScore(A.peerId)
      const report = `C rejected ${rejected} bids relayed by A as unbonded; C's score of honest A: ${score.toFixed(1)} (graylist below -80); A still connected to C: ${C.peers().includes(A.peerId)}`
      note(`[unbondForwarder/stalled relay] ${report}`)
      expect(rejected, report).toBe(0)
      expect(score, report).toBeGreaterThanOrEqual(0)
    } finally {
      network.proxy.freeze(false)
      await attacker.stop()
    }
  }, 90_000)
})
