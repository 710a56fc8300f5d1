import type { SolverNode } from '@xmargin/solver'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { bidsRejected, note, requestUnbond, sleep } from './attackNetwork.ts'
import { startUnbondRelayNetwork, type UnbondRelayNetwork } from './unbondRelayNetwork.ts'

// Bids of solvers not active in the registry are `reject`ed — but "active" is chain state that moves,
// and each node caches it (5 min, forgotten when its own 1 s poll of the registry's events sees a bond
// event). A bonded attacker that unbonds right after bidding has one honest node accept and relay its
// bids (cached: active) and the next one reject them (fresh: inactive): the P4 penalty would land on
// the honest relay (the test checks that it does not) — even with no fault anywhere, when A's registry poll happens to run after C's. A (solver 0) is the relay the attacker's peer talks to; C (solver 1) judges what A relays.

let network: UnbondRelayNetwork
let A: SolverNode
let C: SolverNode

beforeAll(async () => {
  // The same network as unbondForwarder.test.ts; nothing is stalled here (the proxy only passes through).
  network = await startUnbondRelayNetwork()
  A = network.relay
  C = network.judge
}, 120_000)

afterAll(() => network?.stop())

describe('a bonded solver that unbonds right after bidding', () => {
  test('bids sprayed in the second after the unbond are not relayed by A to be rejected at C, even while A’s cache may still say active', async () => {
    // Each round: a fresh bonded key, one bid both nodes cache, the unbond, then a bid every 130 ms.
    let total = 0
    const rounds: string[] = []
    for (let round = 0; round < 3 && total === 0; round++) {
      const { key, attacker } = await network.bondedAttackerBehindRelay()
      try {
        const before = await bidsRejected(C, 'unbonded')
        const beforeA = await bidsRejected(A, 'unbonded')
        await requestUnbond(network.stack.devnet.manifest, key)
        for (const orderId of network.orderIds.slice(1)) {
          await attacker.bid(orderId, 5, 2 ** 32 - 1)
          await sleep(130)
        }
        await sleep(1_500)
        const relayedAndRejected = (await bidsRejected(C, 'unbonded')) - before
        const rejectedAtA = (await bidsRejected(A, 'unbonded')) - beforeA
        rounds.push(
          `round ${round + 1}: A rejected ${rejectedAtA} (attacker penalised), C rejected ${relayedAndRejected} relayed by A (A penalised)`,
        )
        total += relayedAndRejected
      } finally {
        await attacker.stop()
      }
    }
    const report = `${rounds.join('; ')}; C's score of A now ${C.peerScore(A.peerId).toFixed(1)}`
    note(`[unbondForwarder/race] ${report}`)
    expect(total, report).toBe(0)
  }, 120_000)
})
