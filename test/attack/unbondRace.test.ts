import { stringifyIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chainNow, eventually, postIntent, waitForMesh } from '../solver/networkHelpers.ts'
import {
  type AttackStack,
  bidsRejected,
  bondFreshSolver,
  note,
  requestUnbond,
  sleep,
  startAttacker,
  startAttackStack,
} from './attackNetwork.ts'
import { type ChaosProxy, startChaosProxy } from './chaosProxy.ts'

// Bids of solvers not active in the registry are `reject`ed — but "active" is chain state that moves,
// and each node caches it (5 min, forgotten when its own 1 s poll of the registry's events sees a bond
// event). A bonded attacker that unbonds right after bidding has one honest node accept and relay its
// bids (cached: active) and the next one reject them (fresh: inactive): the P4 penalty would land on
// the honest relay (the test checks that it does not) — even with no fault anywhere, when A's registry poll happens to run after C's. A (solver 0) is the relay the attacker's peer talks to; C (solver 1) judges what A relays.

let stack: AttackStack
let proxy: ChaosProxy
let A: SolverNode
let C: SolverNode
const orderIds: Hex[] = []

beforeAll(async () => {
  // The same network as unbondForwarder.test.ts; nothing is stalled here (the proxy only passes through).
  stack = await startAttackStack([{ solver: 1, strategy: fixedFeeStrategy(null) }])
  const { manifest } = stack.devnet
  const origin = chainOf(manifest, 'origin')
  proxy = await startChaosProxy(origin.rpcUrl)
  const viaProxy: DevnetManifest = {
    ...manifest,
    chains: manifest.chains.map((c) => (c.chainId === origin.chainId ? { ...c, rpcUrl: proxy.url } : c)),
  }
  C = stack.nodes[0] as SolverNode
  A = await stack.add({ solver: 0, strategy: fixedFeeStrategy(null), manifest: viaProxy })
  await waitForMesh([A, C])
  // Live orders for the attacker to bid on (nobody else bids: they stay open).
  const now = await chainNow(manifest)
  for (let i = 0; i < 10; i++) {
    const signed = await signTestIntent({ manifest, trader: i % 2, nonce: 91_000n + BigInt(i), now })
    const response = await postIntent(C, stringifyIntent(signed))
    expect(response.status).toBe(202)
    orderIds.push(response.body.orderId as Hex)
  }
  await eventually('A holds every order', () =>
    orderIds.every((id) => A.timeline(id).length > 0) ? true : undefined,
  )
}, 120_000)

afterAll(async () => {
  await stack?.stop()
  await proxy?.close()
})

/** A fresh bonded attacker whose only peer is A, with one bid on the first order taken by both nodes. */
async function bondedAttackerBehindA() {
  const key = await bondFreshSolver(stack.devnet.manifest)
  const attacker = await startAttacker({
    manifest: stack.devnet.manifest,
    privateKey: key,
    bootstrap: A.multiaddrs(),
  })
  await eventually('the attacker connected to A', () =>
    A.peers().includes(attacker.gossip.peerId) ? true : undefined,
  )
  await sleep(1_500)
  const first = orderIds[0] as Hex
  await attacker.bid(first, 5, 2 ** 32 - 1)
  await eventually('both nodes took its first bid (and cached it as active)', () =>
    [A, C].every((n) => n.timeline(first).some((e) => e.kind === 'bid' && e.actor === attacker.address))
      ? true
      : undefined,
  )
  return { key, attacker }
}

describe('a bonded solver that unbonds right after bidding', () => {
  test('bids sprayed in the second after the unbond are not relayed by A to be rejected at C, even while A’s cache may still say active', async () => {
    // Each round: a fresh bonded key, one bid both nodes cache, the unbond, then a bid every 130 ms.
    let total = 0
    const rounds: string[] = []
    for (let round = 0; round < 3 && total === 0; round++) {
      const { key, attacker } = await bondedAttackerBehindA()
      try {
        const before = await bidsRejected(C, 'unbonded')
        const beforeA = await bidsRejected(A, 'unbonded')
        await requestUnbond(stack.devnet.manifest, key)
        for (const orderId of orderIds.slice(1)) {
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
