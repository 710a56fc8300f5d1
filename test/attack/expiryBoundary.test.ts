import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { eventually, openCount, postIntent } from '../solver/networkHelpers.ts'
import { type AttackStack, bondFreshSolver, fadesRecorded, note, sleep, story } from './attackNetwork.ts'
import { startMeshedAttacker } from './startMeshedAttacker.ts'
import { startWarmAttackStack } from './startWarmAttackStack.ts'

// A bid counts while `now ≤ expiry`, judged at each node's own 100 ms tick. A bonded attacker bids
// 0 bps with an expiry that falls right as the bid window closes: a node whose first tick after the
// window comes before the expiry makes the attacker the slot holder (and waits out its grace); a node
// ticking just after skips it and gives the slot to the next bidder at once. R (solver 1, 2 bps) waits
// for the attacker; C (solver 2, watching) would count R's slot from the window's end, and fade R. The
// test checks that the nodes agree on the slot holder and R is never faded. Each
// attempt uses a freshly bonded key (a faded key would be banned and skipped everywhere).

let stack: AttackStack
let R: SolverNode
let C: SolverNode

beforeAll(async () => {
  stack = await startWarmAttackStack({
    bidders: [{ solver: 1, strategy: fixedFeeStrategy(2) }],
    watcher: { solver: 2, strategy: fixedFeeStrategy(null) },
    warmUpNonce: 181_999n,
  })
  ;[R, C] = stack.nodes as [SolverNode, SolverNode]
}, 120_000)

afterAll(() => stack?.stop())

test('a 0-bps bid expiring as the bid window closes leaves the nodes agreeing on who holds the slot, and the honest runner-up is not faded', async () => {
  const manifest = stack.devnet.manifest
  const lines: string[] = []
  let fadedR = 0
  for (let attempt = 0; attempt < 10 && fadedR === 0; attempt++) {
    const key = await bondFreshSolver(manifest)
    const attacker = await startMeshedAttacker({ manifest, privateKey: key, peers: [R, C] })
    try {
      const expiry = Math.ceil(Date.now() / 1000) + 2
      const signed = await signTestIntent({
        manifest,
        nonce: 181_000n + BigInt(attempt),
        now: Math.floor(Date.now() / 1000),
      })
      const bid = await attacker.signBid(
        (await import('@xmargin/intents')).hashIntent(signed.order),
        0,
        expiry,
      )
      // The window (300 ms) ends 15–95 ms before the expiry: sweeps the nodes' tick phases.
      const offset = 15 + ((attempt * 37) % 80)
      await sleep(expiry * 1000 - 300 - offset - Date.now())
      // Posted to R, so R's window closes a little before C's.
      const response = await postIntent(R, stringifyIntent(signed))
      const orderId = response.body.orderId as Hex
      await eventually('both hold the intent', () =>
        R.timeline(orderId).length > 0 && C.timeline(orderId).length > 0 ? true : undefined,
      )
      await attacker.publishBid(bid)
      await eventually(
        'the order opened',
        async () => ((await openCount(manifest, orderId)) === 1 ? true : undefined),
        20_000,
      )
      await sleep(1_000)
      const fades = fadesRecorded([C], [orderId], R.address)
      fadedR += fades.length
      const receivedC = C.timeline(orderId)[0]?.atMs ?? 0
      lines.push(
        `attempt ${attempt + 1} (window ends ${expiry * 1000 - receivedC - 300} ms before expiry on C, ${expiry * 1000 - (R.timeline(orderId)[0]?.atMs ?? 0) - 300} on R): C ${story(C, orderId)} | R ${story(R, orderId)}`,
      )
    } finally {
      await attacker.stop()
    }
  }
  const report = lines.join('\n')
  note(`[expiryBoundary]\n${report}`)
  expect(fadedR, report).toBe(0)
}, 240_000)
