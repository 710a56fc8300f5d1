import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chainNow, entryOf, eventually, fillCount, openCount, postIntent } from '../solver/networkHelpers.ts'
import {
  type Attacker,
  type AttackStack,
  fadesOf,
  fadesRecorded,
  metricsOf,
  note,
  sleep,
  story,
} from './attackNetwork.ts'
import { startMeshedAttacker } from './startMeshedAttacker.ts'
import { startWarmAttackStack } from './startWarmAttackStack.ts'

// A bonded solver (devnet solver 0's key) run by an attacker: it bids 0 bps on every intent it hears,
// so it always wins, and never opens. Honest: R (solver 1) bids 2 bps, the schedule's start fee, so its
// turn comes as soon as the bid window closes; C (solver 2) watches and does not bid.

const BAN_MS = 6_000

let stack: AttackStack
let R: SolverNode
let C: SolverNode
let attacker: Attacker
let nonce = 61_000n

beforeAll(async () => {
  stack = await startWarmAttackStack({
    bidders: [{ solver: 1, strategy: fixedFeeStrategy(2) }],
    watcher: { solver: 2, strategy: fixedFeeStrategy(null) },
    warmUpNonce: 61_999n,
    // Short bans so the ban's expiry can be watched within a test.
    auction: { baseBanMs: BAN_MS, maxBanMs: 8 * BAN_MS },
  })
  ;[R, C] = stack.nodes as [SolverNode, SolverNode]
  attacker = await startMeshedAttacker({ manifest: stack.devnet.manifest, solver: 0, peers: [R, C] })
}, 120_000)

afterAll(async () => {
  await attacker?.stop()
  await stack?.stop()
})

async function sign(): Promise<{ body: string; fillDeadline: number }> {
  const signed = await signTestIntent({
    manifest: stack.devnet.manifest,
    nonce: nonce++,
    now: await chainNow(stack.devnet.manifest),
  })
  return { body: stringifyIntent(signed), fillDeadline: signed.order.fillDeadline }
}

/** Posts the intents to C at once, then — as soon as both honest nodes hold them — the attacker's 0-bps bids. */
async function postWithZeroBids(count: number): Promise<{ orderIds: Hex[]; postedAtMs: number }> {
  const intents = await Promise.all(Array.from({ length: count }, () => sign()))
  const postedAtMs = Date.now()
  const responses = await Promise.all(intents.map((i) => postIntent(C, i.body)))
  const orderIds = responses.map((r) => r.body.orderId as Hex)
  await eventually(
    'both honest nodes hold the intents',
    () => (orderIds.every((id) => R.timeline(id).length > 0 && C.timeline(id).length > 0) ? true : undefined),
    5_000,
  )
  await Promise.all(orderIds.map((id, i) => attacker.bid(id, 0, intents[i]?.fillDeadline ?? 0)))
  // The attacker's bid must be in both books (it is the lowest: it holds the first slot).
  await eventually(
    "the attacker's bids in both books",
    () =>
      orderIds.every((id) =>
        [R, C].every((n) => n.timeline(id).some((e) => e.kind === 'bid' && e.actor === attacker.address)),
      )
        ? true
        : undefined,
    5_000,
  )
  return { orderIds, postedAtMs }
}

describe('a bonded solver that bids 0 bps on everything and never opens', () => {
  test('when a fade elsewhere bans it, the other orders it holds a slot on pass to the honest runner-up with a full slot: the runner-up is not faded and every order is filled once', async () => {
    const { orderIds } = await postWithZeroBids(2)
    const [first, second] = orderIds as [Hex, Hex]
    // The attacker fades on both: 0.3 s window + 3 s grace.
    await entryOf(C, first, 'faded')
    await entryOf(R, first, 'filled', 30_000)
    // Give the second order every chance: a full grace and the time to open and fill.
    const secondFilled = await entryOf(C, second, 'filled', 20_000).then(
      () => true,
      () => false,
    )
    const report = [
      `C ${first.slice(0, 10)}: ${story(C, first)}`,
      `C ${second.slice(0, 10)}: ${story(C, second)}`,
      `R ${second.slice(0, 10)}: ${story(R, second)}`,
      `fades of R recorded: ${fadesRecorded([R, C], orderIds, R.address).join(', ') || 'none'}`,
      `xmargin_fades_total{R} on C: ${await fadesOf(C, R.address)}`,
      `opens of the second order: ${await openCount(stack.devnet.manifest, second)}`,
    ].join('\n')
    note(`[zeroBidder/back-dated slot]\n${report}`)
    // The promise: the honest runner-up is never faded, and both orders are filled once.
    expect(fadesRecorded([R, C], orderIds, R.address), report).toEqual([])
    expect(await fadesOf(C, R.address), report).toBe(0)
    expect(secondFilled, report).toBe(true)
    expect(await fillCount(stack.devnet.manifest, second)).toBe(1)
  }, 90_000)

  test('once banned, its 0-bps bids are passed over on every later order without a fade; when the ban ends it costs one more grace and the ban doubles', async () => {
    const bannedUntilMs = async () => {
      const match = (await metricsOf(C)).match(
        new RegExp(
          `^xmargin_solver_banned_until_seconds\\{solver="${attacker.address.toLowerCase()}"\\} ([\\d.e+]+)`,
          'm',
        ),
      )
      return match === null ? 0 : Number(match[1]) * 1000
    }
    /** Wall clock from the POST to C seeing the open, and who opened. */
    const timeToOpen = async () => {
      const { orderIds, postedAtMs } = await postWithZeroBids(1)
      const orderId = orderIds[0] as Hex
      const opened = await entryOf(C, orderId, 'opened', 20_000)
      return { orderId, ms: Date.now() - postedAtMs, opener: opened.actor }
    }
    // Make sure the attacker is banned now (test 1 banned it; the ban may have run out).
    if ((await bannedUntilMs()) < Date.now() + 8_000) {
      await sleep(Math.max(0, (await bannedUntilMs()) - Date.now() + 300))
      await timeToOpen()
    }
    const fadesBefore = await fadesOf(C, attacker.address)
    const waits: number[] = []
    for (let i = 0; i < 3; i++) {
      const { orderId, ms, opener } = await timeToOpen()
      waits.push(ms)
      expect(opener).toBe(R.address)
      expect(
        C.timeline(orderId).some((e) => e.kind === 'faded'),
        story(C, orderId),
      ).toBe(false)
      expect(await openCount(stack.devnet.manifest, orderId)).toBe(1)
    }
    note(`[zeroBidder] POST → open seen, while the attacker is banned: ${waits.join(', ')} ms`)
    expect(await fadesOf(C, attacker.address)).toBe(fadesBefore)

    // Its ban ends: the next order gives it a whole slot again (one more grace), then a doubled ban.
    await sleep(Math.max(0, (await bannedUntilMs()) - Date.now() + 300))
    const after = await timeToOpen()
    const fadesAfter = await fadesOf(C, attacker.address)
    const faded = C.timeline(after.orderId).find((e) => e.kind === 'faded')
    const banMs = (await bannedUntilMs()) - (faded?.atMs ?? 0)
    note(
      `[zeroBidder] first order after the ban: POST → open ${after.ms} ms (${story(C, after.orderId)}); fades ${fadesBefore} → ${fadesAfter}; new ban ${banMs} ms`,
    )
    expect(faded?.actor).toBe(attacker.address)
    expect(fadesAfter).toBe(fadesBefore + 1)
    expect(Math.abs(banMs - BAN_MS * 2 ** (fadesAfter - 1))).toBeLessThan(1_000)
  }, 150_000)
})
