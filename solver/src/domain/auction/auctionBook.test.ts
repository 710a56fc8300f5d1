import type { SolverBid } from '@xmargin/intents'
import type { FeeSchedule } from '@xmargin/intents/schedule'
import type { Address, Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { type AuctionBook, type AuctionDecision, type AuctionView, createAuctionBook } from './auctionBook.ts'
import { bidTieBreak } from './bidRank.ts'

// Times in unix seconds, as the schedule has them; the book works in ms.
const T0 = 1_800_000_000
const ms = (seconds: number) => seconds * 1000
const ORDER: Hex = `0x${'ab'.repeat(32)}`
// 10 bps at T0 rising to 110 bps at T0 + 100 s: one bps per second, so fee f is reached at T0 + f − 10.
const SCHEDULE: FeeSchedule = { startBps: 10, maxBps: 110, startTime: T0, endTime: T0 + 100 }
const WINDOW_MS = 400
const GRACE_MS = 4_000
const ALICE: Address = '0x00000000000000000000000000000000000a11ce'
const BOB: Address = '0x0000000000000000000000000000000000000b0b'
const CAROL: Address = '0x00000000000000000000000000000000000ca401'
// The chains always answered, nobody was ever banned.
const nobodyBanned: AuctionView = {
  isBanned: () => false,
  banEndedAtMs: () => 0,
  chainsAnsweredAtMs: Number.POSITIVE_INFINITY,
  chainsAnsweringSinceMs: 0,
  chainsFirstAnsweredAtMs: 0,
}
const banning = (isBanned: (solver: Address) => boolean): AuctionView => ({ ...nobodyBanned, isBanned })

function book(receivedAtMs = ms(T0)): AuctionBook {
  const auction = createAuctionBook({ bidWindowMs: WINDOW_MS, fadeGraceMs: GRACE_MS })
  auction.addOrder({ orderId: ORDER, schedule: SCHEDULE, openDeadline: T0 + 600, receivedAtMs })
  return auction
}
const bid = (solver: Address, feeBps: number, expiry = T0 + 600): SolverBid => ({
  orderId: ORDER,
  solver,
  feeBps,
  expiry,
})

describe('the winner', () => {
  test('is the lowest bid, and waits until the schedule reaches it', () => {
    const auction = book()
    auction.addBid(bid(ALICE, 40), ms(T0))
    auction.addBid(bid(BOB, 30), ms(T0))
    auction.addBid(bid(CAROL, 50), ms(T0))
    // The schedule reaches 30 bps at T0 + 20 s.
    expect(auction.decide(ORDER, ms(T0) + 100, nobodyBanned)).toEqual({ kind: 'wait', untilMs: ms(T0 + 20) })
    expect(auction.decide(ORDER, ms(T0 + 19), nobodyBanned)).toEqual({ kind: 'wait', untilMs: ms(T0 + 20) })
    expect(auction.decide(ORDER, ms(T0 + 20), nobodyBanned)).toEqual({
      kind: 'fill',
      solver: BOB,
      feeBps: 30,
      sinceMs: ms(T0 + 20),
    })
  })

  test('a bid at or below the start fee fills when the bid window closes', () => {
    const auction = book()
    auction.addBid(bid(ALICE, 5), ms(T0))
    expect(auction.decide(ORDER, ms(T0), nobodyBanned)).toEqual({ kind: 'wait', untilMs: ms(T0) + WINDOW_MS })
    expect(auction.decide(ORDER, ms(T0) + WINDOW_MS, nobodyBanned)).toMatchObject({
      kind: 'fill',
      solver: ALICE,
    })
  })

  test('every node picks the same winner whatever order the bids arrived in, ties included', () => {
    const bids = [
      bid(ALICE, 30),
      bid(BOB, 30),
      bid(CAROL, 30),
      bid('0x000000000000000000000000000000000000d00d', 31),
    ]
    const expected = [ALICE, BOB, CAROL].sort((a, b) =>
      bidTieBreak(ORDER, a) < bidTieBreak(ORDER, b) ? -1 : 1,
    )[0]
    const winners = new Set<string>()
    for (const order of [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [1, 3, 0, 2],
      [2, 0, 3, 1],
    ]) {
      const auction = book()
      for (const i of order) auction.addBid(bids[i] as SolverBid, ms(T0))
      const decision = auction.decide(ORDER, ms(T0 + 20), nobodyBanned)
      winners.add(decision.kind === 'fill' ? decision.solver : decision.kind)
    }
    expect([...winners]).toEqual([expected])
  })

  test('banned solvers are skipped', () => {
    const auction = book()
    auction.addBid(bid(ALICE, 20), ms(T0))
    auction.addBid(bid(BOB, 30), ms(T0))
    const aliceBanned = banning((solver) => solver === ALICE)
    expect(auction.decide(ORDER, ms(T0 + 20), aliceBanned)).toMatchObject({ kind: 'fill', solver: BOB })
    expect(
      auction.decide(
        ORDER,
        ms(T0 + 20),
        banning(() => true),
      ),
    ).toEqual({ kind: 'none' })
  })
})

describe('fades', () => {
  test('after the grace the next bidder takes over, and the fade is reported exactly once', () => {
    const auction = book()
    auction.addBid(bid(ALICE, 20), ms(T0))
    auction.addBid(bid(BOB, 25), ms(T0))
    // Alice is due at T0 + 10 s and has until T0 + 14 s; Bob's own fill time is T0 + 15 s.
    expect(auction.decide(ORDER, ms(T0 + 13), nobodyBanned)).toMatchObject({ kind: 'fill', solver: ALICE })
    const faded = auction.decide(ORDER, ms(T0 + 14), nobodyBanned)
    expect(faded).toEqual({
      kind: 'faded',
      judged: true,
      solver: ALICE,
      feeBps: 20,
      atMs: ms(T0 + 14),
      next: { kind: 'wait', untilMs: ms(T0 + 15) },
    })
    const later: AuctionDecision[] = [ms(T0 + 14.5), ms(T0 + 15), ms(T0 + 18)].map((now) =>
      auction.decide(ORDER, now, nobodyBanned),
    )
    expect(later.map((decision) => decision.kind)).toEqual(['wait', 'fill', 'fill'])
    expect(later[1]).toEqual({ kind: 'fill', solver: BOB, feeBps: 25, sinceMs: ms(T0 + 15) })
  })

  test("the next bidder's slot starts at the fade when its own fill time has already passed", () => {
    const auction = book()
    auction.addBid(bid(ALICE, 20), ms(T0))
    auction.addBid(bid(BOB, 21), ms(T0))
    auction.decide(ORDER, ms(T0 + 10), nobodyBanned)
    expect(auction.decide(ORDER, ms(T0 + 14), nobodyBanned)).toMatchObject({
      kind: 'faded',
      solver: ALICE,
      next: { kind: 'fill', solver: BOB, sinceMs: ms(T0 + 14) },
    })
  })

  test('a node that looks late sees every fade it missed, each once, and the same current winner', () => {
    const auction = book()
    for (const [solver, fee] of [
      [ALICE, 20],
      [BOB, 21],
      [CAROL, 22],
    ] as const)
      auction.addBid(bid(solver, fee), ms(T0))
    // Alice's slot [10, 14), Bob's [14, 18), Carol's [18, 22).
    const decision = auction.decide(ORDER, ms(T0 + 19), nobodyBanned)
    expect(decision).toMatchObject({
      kind: 'faded',
      solver: ALICE,
      next: { kind: 'faded', solver: BOB, atMs: ms(T0 + 18), next: { kind: 'fill', solver: CAROL } },
    })
    expect(auction.decide(ORDER, ms(T0 + 19), nobodyBanned)).toMatchObject({ kind: 'fill', solver: CAROL })
    expect(auction.decide(ORDER, ms(T0 + 22), nobodyBanned)).toMatchObject({
      kind: 'faded',
      solver: CAROL,
      next: { kind: 'none' },
    })
  })

  test('a lower bid that arrives after the winner started does not take its slot', () => {
    const auction = book()
    auction.addBid(bid(BOB, 25), ms(T0))
    expect(auction.decide(ORDER, ms(T0 + 15), nobodyBanned)).toMatchObject({ kind: 'fill', solver: BOB })
    auction.addBid(bid(ALICE, 12), ms(T0 + 16))
    expect(auction.decide(ORDER, ms(T0 + 16), nobodyBanned)).toMatchObject({ kind: 'fill', solver: BOB })
  })
})

describe('bids', () => {
  test('a bid above the maximum fee, expired, or for an unknown order is ignored', () => {
    const auction = book()
    expect(auction.addBid(bid(ALICE, 111), ms(T0))).toBe('above-max')
    expect(auction.addBid(bid(BOB, 20, T0 - 1), ms(T0))).toBe('expired')
    expect(auction.addBid({ ...bid(CAROL, 20), orderId: `0x${'cd'.repeat(32)}` }, ms(T0))).toBe(
      'unknown-order',
    )
    expect(auction.decide(ORDER, ms(T0 + 60), nobodyBanned)).toEqual({ kind: 'none' })
  })

  test('a bid that expires before it is due does not win', () => {
    const auction = book()
    auction.addBid(bid(ALICE, 20, T0 + 5), ms(T0))
    auction.addBid(bid(BOB, 30), ms(T0))
    expect(auction.decide(ORDER, ms(T0 + 20), nobodyBanned)).toMatchObject({ kind: 'fill', solver: BOB })
  })

  test('the first bid per solver binds; a second one is ignored', () => {
    const auction = book()
    expect(auction.addBid(bid(ALICE, 40), ms(T0))).toBe('added')
    expect(auction.addBid(bid(ALICE.toUpperCase().replace('0X', '0x') as Address, 15), ms(T0))).toBe(
      'duplicate',
    )
    expect(auction.decide(ORDER, ms(T0 + 20), nobodyBanned)).toEqual({ kind: 'wait', untilMs: ms(T0 + 30) })
  })
})

describe('the end of an auction', () => {
  test('once opened, every decision names the opener', () => {
    const auction = book()
    auction.addBid(bid(ALICE, 20), ms(T0))
    auction.markOpened(ORDER, BOB)
    expect(auction.decide(ORDER, ms(T0 + 20), nobodyBanned)).toEqual({ kind: 'opened', opener: BOB })
  })

  test('after the open deadline the order is closed', () => {
    const auction = book()
    auction.addBid(bid(ALICE, 20), ms(T0))
    expect(auction.decide(ORDER, ms(T0 + 601), nobodyBanned)).toEqual({ kind: 'closed' })
  })

  test('with no bids the node waits out the window, then nobody is due', () => {
    const auction = book()
    expect(auction.decide(ORDER, ms(T0), nobodyBanned)).toEqual({ kind: 'wait', untilMs: ms(T0) + WINDOW_MS })
    expect(auction.decide(ORDER, ms(T0 + 1), nobodyBanned)).toEqual({ kind: 'none' })
  })
})

describe('fades are for solvers that could have acted', () => {
  // Alice bids 20 bps: her slot starts at T0 + 10 s and her grace ends at T0 + 14 s.
  function aliceThenBob(parameters: { receivedAtMs?: number; observedFromMs?: number } = {}): AuctionBook {
    const auction = createAuctionBook({ bidWindowMs: WINDOW_MS, fadeGraceMs: GRACE_MS })
    auction.addOrder({
      orderId: ORDER,
      schedule: SCHEDULE,
      openDeadline: T0 + 600,
      receivedAtMs: parameters.receivedAtMs ?? ms(T0),
      ...(parameters.observedFromMs === undefined ? {} : { observedFromMs: parameters.observedFromMs }),
    })
    auction.addBid(bid(ALICE, 20), ms(T0))
    auction.addBid(bid(BOB, 30), ms(T0))
    return auction
  }

  test('no fade while the chains do not answer; the grace restarts when they answer again', () => {
    const auction = aliceThenBob()
    // A stall from T0 + 12 s to T0 + 40 s: the last answer was at T0 + 12 s.
    const stalled: AuctionView = {
      ...nobodyBanned,
      chainsAnsweredAtMs: ms(T0 + 12),
      chainsAnsweringSinceMs: 0,
    }
    expect(auction.decide(ORDER, ms(T0 + 14), stalled)).toMatchObject({ kind: 'fill', solver: ALICE })
    expect(auction.decide(ORDER, ms(T0 + 39), stalled)).toMatchObject({ kind: 'fill', solver: ALICE })
    const back: AuctionView = {
      ...nobodyBanned,
      chainsAnsweredAtMs: ms(T0 + 41),
      chainsAnsweringSinceMs: ms(T0 + 40),
    }
    expect(auction.decide(ORDER, ms(T0 + 41), back)).toMatchObject({ kind: 'fill', solver: ALICE })
    const faded = auction.decide(ORDER, ms(T0 + 44), { ...back, chainsAnsweredAtMs: ms(T0 + 44) })
    expect(faded).toMatchObject({ kind: 'faded', solver: ALICE, atMs: ms(T0 + 44) })
  })

  test('a fade is decided only once the chains are seen answering after its moment', () => {
    const auction = aliceThenBob()
    // It is past Alice's fade moment, but the last answer came before it: a stall may hide her open.
    const lagging: AuctionView = { ...nobodyBanned, chainsAnsweredAtMs: ms(T0 + 13.9) }
    expect(auction.decide(ORDER, ms(T0 + 15), lagging)).toMatchObject({ kind: 'fill', solver: ALICE })
    const answered: AuctionView = { ...nobodyBanned, chainsAnsweredAtMs: ms(T0 + 15) }
    expect(auction.decide(ORDER, ms(T0 + 15), answered)).toMatchObject({ kind: 'faded', solver: ALICE })
  })

  test('a node that started watching late (a restart) moves on with the others but holds no fade it did not see', () => {
    const auction = aliceThenBob({ observedFromMs: ms(T0 + 12) })
    expect(auction.decide(ORDER, ms(T0 + 13), nobodyBanned)).toMatchObject({ kind: 'fill', solver: ALICE })
    // Alice's grace ends at T0 + 14 s on every node; this one saw only the end of it.
    expect(auction.decide(ORDER, ms(T0 + 14), nobodyBanned)).toMatchObject({
      kind: 'faded',
      solver: ALICE,
      judged: false,
      next: { kind: 'wait', untilMs: ms(T0 + 20) },
    })
  })

  test('the chains first answering a restarted node end no stall: it moves on when the others do', () => {
    // Restarted at T0 + 12 s during Alice's slot; its chains first answered at T0 + 12.1 s. The other
    // nodes fade Alice at T0 + 14 s and give Bob (30 bps, due at T0 + 20 s) his slot from there.
    const auction = aliceThenBob({ observedFromMs: ms(T0 + 12) })
    const restarted: AuctionView = {
      ...nobodyBanned,
      chainsAnsweredAtMs: ms(T0 + 14.1),
      chainsAnsweringSinceMs: ms(T0 + 12.1),
      chainsFirstAnsweredAtMs: ms(T0 + 12.1),
    }
    expect(auction.decide(ORDER, ms(T0 + 14.1), restarted)).toMatchObject({
      kind: 'faded',
      solver: ALICE,
      atMs: ms(T0 + 14),
      judged: false,
    })
    expect(auction.decide(ORDER, ms(T0 + 20), { ...restarted, chainsAnsweredAtMs: ms(T0 + 20) })).toEqual({
      kind: 'fill',
      solver: BOB,
      feeBps: 30,
      sinceMs: ms(T0 + 20),
    })
  })

  test('a stall after the chains first answered still moves the grace, and a grace begun before is not judged', () => {
    // Started at T0 + 5 s, the chains answering from T0 + 5.1 s; a stall ends at T0 + 12 s.
    const stalledAfterStart = aliceThenBob({ observedFromMs: ms(T0 + 5) })
    const back: AuctionView = {
      ...nobodyBanned,
      chainsAnsweredAtMs: ms(T0 + 15),
      chainsAnsweringSinceMs: ms(T0 + 12),
      chainsFirstAnsweredAtMs: ms(T0 + 5.1),
    }
    expect(stalledAfterStart.decide(ORDER, ms(T0 + 15), back)).toMatchObject({ kind: 'fill', solver: ALICE })
    expect(
      stalledAfterStart.decide(ORDER, ms(T0 + 16), { ...back, chainsAnsweredAtMs: ms(T0 + 16) }),
    ).toMatchObject({ kind: 'faded', solver: ALICE, atMs: ms(T0 + 16), judged: true })
    // Started at T0 + 5 s, but the chains first answered at T0 + 12 s: Alice's grace, from T0 + 10 s,
    // ran while this node could not read them, so it moves on with the others and holds nothing.
    const answeredLate = aliceThenBob({ observedFromMs: ms(T0 + 5) })
    const first: AuctionView = {
      ...nobodyBanned,
      chainsAnsweredAtMs: ms(T0 + 14),
      chainsAnsweringSinceMs: ms(T0 + 12),
      chainsFirstAnsweredAtMs: ms(T0 + 12),
    }
    expect(answeredLate.decide(ORDER, ms(T0 + 14), first)).toMatchObject({
      kind: 'faded',
      solver: ALICE,
      atMs: ms(T0 + 14),
      judged: false,
    })
  })

  test('a winner banned for a fade elsewhere ends its slot: the next bidder gets a whole one from then', () => {
    const auction = createAuctionBook({ bidWindowMs: WINDOW_MS, fadeGraceMs: GRACE_MS })
    auction.addOrder({ orderId: ORDER, schedule: SCHEDULE, openDeadline: T0 + 600, receivedAtMs: ms(T0) })
    // Alice (20 bps) is due at T0 + 10 s, Bob (22 bps) at T0 + 12 s.
    auction.addBid(bid(ALICE, 20), ms(T0))
    auction.addBid(bid(BOB, 22), ms(T0))
    expect(auction.decide(ORDER, ms(T0 + 13), nobodyBanned)).toMatchObject({ kind: 'fill', solver: ALICE })
    // Alice is banned at T0 + 13.5 s (she faded on another order): Bob's slot starts then, not at T0 + 12 s.
    const aliceBanned = banning((solver) => solver === ALICE)
    expect(auction.decide(ORDER, ms(T0 + 13.5), aliceBanned)).toMatchObject({
      kind: 'fill',
      solver: BOB,
      sinceMs: ms(T0 + 13.5),
    })
    expect(auction.decide(ORDER, ms(T0 + 17.4), aliceBanned)).toMatchObject({ kind: 'fill', solver: BOB })
    // Once her ban is over she gets no second slot on this order.
    expect(auction.decide(ORDER, ms(T0 + 17.5), nobodyBanned)).toMatchObject({
      kind: 'faded',
      solver: BOB,
      next: { kind: 'none' },
    })
  })

  test('two nodes whose bid windows closed either side of a better bid’s arrival name the same winner', () => {
    // Node A received the intent at T0, node B 150 ms later; Bob's 5 bps bid reaches A 100 ms after
    // A's window closed (Alice's 8 bps slot had begun there) and B 50 ms before B's closed.
    const [nodeA, nodeB] = [book(ms(T0)), book(ms(T0) + 150)]
    for (const node of [nodeA, nodeB]) node.addBid(bid(ALICE, 8), ms(T0) + 10)
    expect(nodeA.decide(ORDER, ms(T0) + WINDOW_MS, nobodyBanned)).toMatchObject({
      kind: 'fill',
      solver: ALICE,
    })
    nodeA.addBid(bid(BOB, 5), ms(T0) + WINDOW_MS + 100)
    nodeB.addBid(bid(BOB, 5), ms(T0) + WINDOW_MS + 100)
    const now = ms(T0) + WINDOW_MS + 200
    expect(nodeA.decide(ORDER, now, nobodyBanned)).toMatchObject({ kind: 'fill', solver: BOB })
    expect(nodeB.decide(ORDER, now, nobodyBanned)).toMatchObject({ kind: 'fill', solver: BOB })
    // Alice was displaced, not faded: she is next if Bob fades.
    const afterBobsGrace = ms(T0) + WINDOW_MS + 100 + GRACE_MS
    expect(nodeA.decide(ORDER, afterBobsGrace, nobodyBanned)).toMatchObject({
      kind: 'faded',
      solver: BOB,
      next: { kind: 'fill', solver: ALICE },
    })
  })

  test('a better bid arriving well after the holder’s slot began does not take it', () => {
    const auction = book()
    auction.addBid(bid(ALICE, 8), ms(T0))
    expect(auction.decide(ORDER, ms(T0) + WINDOW_MS, nobodyBanned)).toMatchObject({ solver: ALICE })
    auction.addBid(bid(BOB, 5), ms(T0) + 2 * WINDOW_MS)
    expect(auction.decide(ORDER, ms(T0) + 2 * WINDOW_MS, nobodyBanned)).toMatchObject({
      kind: 'fill',
      solver: ALICE,
    })
  })

  test('a bid that arrives late gets its whole slot from its arrival', () => {
    const auction = createAuctionBook({ bidWindowMs: WINDOW_MS, fadeGraceMs: GRACE_MS })
    auction.addOrder({ orderId: ORDER, schedule: SCHEDULE, openDeadline: T0 + 600, receivedAtMs: ms(T0) })
    // Due at T0 + 10 s (20 bps), but it reached this node only at T0 + 13 s.
    auction.addBid(bid(ALICE, 20), ms(T0 + 13))
    expect(auction.decide(ORDER, ms(T0 + 13), nobodyBanned)).toMatchObject({
      kind: 'fill',
      solver: ALICE,
      sinceMs: ms(T0 + 13),
    })
    expect(auction.decide(ORDER, ms(T0 + 16.9), nobodyBanned)).toMatchObject({ kind: 'fill' })
    expect(auction.decide(ORDER, ms(T0 + 17), nobodyBanned)).toMatchObject({ kind: 'faded' })
  })

  test('whether a bid expired is judged at the moment the schedule reaches it, the same on every node', () => {
    const auction = createAuctionBook({ bidWindowMs: WINDOW_MS, fadeGraceMs: GRACE_MS })
    auction.addOrder({ orderId: ORDER, schedule: SCHEDULE, openDeadline: T0 + 600, receivedAtMs: ms(T0) })
    // The schedule reaches Alice's 20 bps at T0 + 10 s, when her bid expires; Bob's expires before
    // the schedule reaches his 30 bps.
    auction.addBid(bid(ALICE, 20, T0 + 10), ms(T0))
    auction.addBid(bid(BOB, 30, T0 + 19), ms(T0))
    expect(auction.decide(ORDER, ms(T0 + 10), nobodyBanned)).toMatchObject({ kind: 'fill', solver: ALICE })
    expect(auction.decide(ORDER, ms(T0 + 14), nobodyBanned)).toMatchObject({
      kind: 'faded',
      next: { kind: 'none' },
    })
  })

  test('a solver whose ban just ended gets a whole slot, not one that began while it was banned', () => {
    const auction = aliceThenBob()
    // Alice was banned until T0 + 50 s (she faded elsewhere); Bob too, until T0 + 60 s.
    const bans = new Map<Address, number>([
      [ALICE, ms(T0 + 50)],
      [BOB, ms(T0 + 60)],
    ])
    const viewAt = (nowMs: number): AuctionView => ({
      ...nobodyBanned,
      isBanned: (solver) => nowMs < (bans.get(solver) ?? 0),
      banEndedAtMs: (solver) => bans.get(solver) ?? 0,
    })
    expect(auction.decide(ORDER, ms(T0 + 20), viewAt(ms(T0 + 20)))).toEqual({ kind: 'none' })
    expect(auction.decide(ORDER, ms(T0 + 50), viewAt(ms(T0 + 50)))).toMatchObject({
      kind: 'fill',
      solver: ALICE,
      sinceMs: ms(T0 + 50),
    })
    expect(auction.decide(ORDER, ms(T0 + 53), viewAt(ms(T0 + 53)))).toMatchObject({
      kind: 'fill',
      solver: ALICE,
    })
    expect(auction.decide(ORDER, ms(T0 + 54), viewAt(ms(T0 + 54)))).toMatchObject({
      kind: 'faded',
      solver: ALICE,
      next: { kind: 'none' },
    })
    expect(auction.decide(ORDER, ms(T0 + 60), viewAt(ms(T0 + 60)))).toMatchObject({
      kind: 'fill',
      solver: BOB,
      sinceMs: ms(T0 + 60),
    })
  })
})
