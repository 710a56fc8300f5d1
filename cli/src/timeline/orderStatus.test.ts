import { describe, expect, test } from 'vitest'
import type { TimelineEntryJson } from '../node/wire.ts'
import { type OrderDeadlines, orderStatus } from './orderStatus.ts'

const ORDER = `0x${'ab'.repeat(32)}`
const SOLVER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const RUNNER_UP = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const KEEPER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const T0 = 1_800_000_000 // unix seconds: the intent was received then
const DEADLINES: OrderDeadlines = { openDeadline: T0 + 300, fillDeadline: T0 + 600 }

const at = (seconds: number) => (T0 + seconds) * 1000
const entry = (kind: string, seconds: number, extra: Partial<TimelineEntryJson> = {}): TimelineEntryJson => ({
  orderId: ORDER,
  kind,
  atMs: at(seconds),
  detail: {},
  ...extra,
})

const RECEIVED = entry('received', 0, { detail: { source: 'http' } })
const BID = entry('bid', 0.4, { actor: SOLVER, detail: { feeBps: 12 } })
const LOWER_BID = entry('bid', 0.5, { actor: RUNNER_UP, detail: { feeBps: 9 } })
const WON = entry('won', 1.5, { actor: SOLVER, detail: { feeBps: 12 } })
const OPENED = entry('opened', 2, {
  actor: SOLVER,
  chainId: 31337,
  detail: { openDeadline: T0 + 300, fillDeadline: T0 + 600, market: 'ETH-USD' },
})
const FILLED = entry('filled', 3, {
  actor: SOLVER,
  chainId: 31338,
  detail: { entryPrice: '3050500000000000000000', front: '5685650000', feeBps: 12 },
})
const FEE_PAID = entry('fee-paid', 75, { actor: SOLVER, chainId: 31337, detail: { feeBps: 12, amount: '1' } })

// `null`: the node holds no intent, so no deadlines are given.
const statusAt = (
  timeline: TimelineEntryJson[],
  seconds: number,
  deadlines: OrderDeadlines | null = DEADLINES,
) => orderStatus({ timeline, deadlines: deadlines ?? undefined, nowMs: at(seconds) })

describe('before anyone opens it: a countdown to the open deadline', () => {
  test('received, no bid yet', () => {
    expect(statusAt([RECEIVED], 10)).toEqual({
      state: 'received',
      line: 'received: waiting for solver bids; a solver must open by 2027-01-15 08:05:00 UTC (in 4 min 51 s)',
      resting: false,
      changesAtMs: at(301),
    })
  })

  test('bidding: how many bids and the best one', () => {
    expect(statusAt([RECEIVED, BID, LOWER_BID], 280)).toMatchObject({
      state: 'bidding',
      line: 'bidding: 2 bids, best 9 bps from 0x3C44…93BC; a solver must open by 2027-01-15 08:05:00 UTC (in 21 s)',
    })
  })

  test('won by a solver at its fee', () => {
    expect(statusAt([RECEIVED, BID, WON], 299.5).line).toBe(
      'won by 0x7099…79C8 at 12 bps; it must open by 2027-01-15 08:05:00 UTC (in 2 s)',
    )
  })

  test("the winner's failed attempt, then its fade: the next bidder's turn", () => {
    const failed = entry('failed', 2, { actor: SOLVER, detail: { reason: 'openFor reverts: nonce used' } })
    expect(statusAt([RECEIVED, BID, LOWER_BID, WON, failed], 3)).toMatchObject({
      state: 'won',
      line: expect.stringContaining(
        'won by 0x7099…79C8 at 12 bps; its attempt failed (openFor reverts: nonce used); it must open by',
      ),
    })
    const faded = entry('faded', 6, { actor: SOLVER, detail: { fades: 1 } })
    expect(statusAt([RECEIVED, BID, LOWER_BID, WON, failed, faded], 7).line).toMatch(
      /^bidding: 2 bids, best 9 bps from 0x3C44…93BC; 0x7099…79C8 did not open in time, the next bidder's turn; a solver must open by /,
    )
  })

  test('the open deadline holds through its last second', () => {
    expect(statusAt([RECEIVED, BID], 300.999).state).toBe('bidding')
    expect(statusAt([RECEIVED, BID], 301).state).toBe('expired')
  })

  test('no deadlines known (the node holds no intent): no countdown, never expired by the clock', () => {
    expect(statusAt([BID], 10_000, null)).toEqual({
      state: 'bidding',
      line: 'bidding: 1 bid, best 12 bps from 0x7099…79C8',
      resting: false,
      changesAtMs: undefined,
    })
  })
})

describe('the open deadline passed unopened', () => {
  test('expired: the collateral never moved; at rest', () => {
    for (const timeline of [[RECEIVED], [RECEIVED, BID], [RECEIVED, BID, WON]])
      expect(statusAt(timeline, 301)).toEqual({
        state: 'expired',
        line: 'expired: no solver opened it; your collateral never left your wallet',
        resting: true,
        changesAtMs: undefined,
      })
  })
})

describe('the node says it lapsed', () => {
  test('expired, whatever the local clock says', () => {
    const lapsed = entry('lapsed', 303, {
      detail: { reason: 'no solver opened it by the open deadline; nothing was locked' },
    })
    expect(statusAt([RECEIVED, BID, lapsed], 200, null)).toMatchObject({ state: 'expired', resting: true })
  })
})

describe('opened', () => {
  test('collateral in escrow, a countdown to the fill deadline', () => {
    expect(statusAt([RECEIVED, BID, WON, OPENED], 400)).toEqual({
      state: 'opened',
      line: 'opened: 0x7099…79C8 holds your collateral in escrow and must fill by 2027-01-15 08:10:00 UTC (in 3 min 21 s)',
      resting: false,
      changesAtMs: at(601),
    })
  })

  test('an opened order is not expired by the open deadline', () => {
    expect(statusAt([RECEIVED, OPENED], 500).state).toBe('opened')
  })

  test('deadlines from the opened entry when the node holds no intent', () => {
    expect(statusAt([OPENED], 400, null).changesAtMs).toBe(at(601))
  })

  test('not filled by the fill deadline: waiting for a refund, which anyone can trigger', () => {
    expect(statusAt([RECEIVED, BID, WON, OPENED], 601)).toEqual({
      state: 'refunding',
      line: 'waiting for a refund: 0x7099…79C8 opened it but did not fill by 2027-01-15 08:10:00 UTC; anyone can expire it and the vault returns your collateral and slashes the solver',
      resting: false,
      changesAtMs: undefined,
    })
  })

  test('expired on the destination: the refund is on its way', () => {
    const expired = entry('expired', 610, { actor: KEEPER, chainId: 31338 })
    expect(statusAt([OPENED, expired], 611)).toMatchObject({
      state: 'refunding',
      line: 'waiting for a refund: 0x7099…79C8 opened it but did not fill by 2027-01-15 08:10:00 UTC; it is expired on the destination and the refund is on its way',
    })
  })

  test('refunded, with the slash the timeline carries; at rest', () => {
    const expired = entry('expired', 610, { actor: KEEPER, chainId: 31338 })
    const refunded = (slashed?: string) =>
      entry('refunded', 640, {
        chainId: 31337,
        detail: {
          amount: '2000000000000000000',
          opener: SOLVER,
          ...(slashed === undefined ? {} : { slashed }),
        },
      })
    expect(statusAt([OPENED, expired, refunded('10000000000000000000')], 641)).toEqual({
      state: 'refunded',
      line: 'refunded: 0x7099…79C8 opened it but did not fill by 2027-01-15 08:10:00 UTC; the vault returned your collateral and slashed the solver 10 BOND',
      resting: true,
      changesAtMs: undefined,
    })
    expect(statusAt([OPENED, refunded('0')], 641).line).toMatch(/; the solver had no bond left to slash$/)
    expect(statusAt([refunded()], 641, null).line).toBe(
      'refunded: 0x7099…79C8 opened it but did not fill in time; the vault returned your collateral',
    )
  })
})

describe('filled: the position', () => {
  test('filled, the solver not paid yet: not at rest', () => {
    expect(statusAt([RECEIVED, OPENED, FILLED], 700)).toEqual({
      state: 'filled',
      line: 'filled: your position is open at entry $3,050.5; 0x7099…79C8 fronted the margin and is not paid yet',
      resting: false,
      changesAtMs: undefined,
    })
  })

  test('settled once the fee is paid on the origin; at rest, deadlines no longer matter', () => {
    expect(statusAt([RECEIVED, OPENED, FILLED, FEE_PAID], 10_000)).toEqual({
      state: 'settled',
      line: 'settled: your position is open at entry $3,050.5; 0x7099…79C8 filled it and was paid 12 bps',
      resting: true,
      changesAtMs: undefined,
    })
  })

  test('closed by the trader: exit, pnl, then where the collateral is', () => {
    const closed = entry('closed', 900, {
      chainId: 31338,
      detail: { exitPrice: '3100000000000000000000', pnl: '247500000000000000000', debt: '0' },
    })
    const timeline = [OPENED, FILLED, FEE_PAID, closed]
    expect(statusAt(timeline, 901)).toMatchObject({
      state: 'closed',
      resting: true,
      line: 'closed: you closed the position at exit $3,100, pnl $247.5; withdraw to get your collateral back',
    })
    const requested = entry('withdrawal-requested', 910, { chainId: 31338, detail: { amount: '1' } })
    expect(statusAt([...timeline, requested], 911).line).toMatch(
      /pnl \$247\.5; a release of your collateral is on its way to the origin chain$/,
    )
    const released = entry('released', 930, { chainId: 31337, detail: { amount: '1' } })
    expect(statusAt([...timeline, requested, released], 931).line).toMatch(
      /pnl \$247\.5; your collateral was released to you on the origin chain$/,
    )
  })

  test('liquidated: mark, pnl, the debt and its settlement; at rest', () => {
    const liquidated = entry('liquidated', 900, {
      actor: KEEPER,
      chainId: 31338,
      detail: {
        markPrice: '2800000000000000000000',
        pnl: '-1252500000000000000000',
        debt: '12250000000000000000',
      },
    })
    expect(statusAt([OPENED, FILLED, FEE_PAID, liquidated], 901)).toEqual({
      state: 'liquidated',
      line: 'liquidated: a keeper closed the position at mark $2,800, pnl -$1,252.5; its debt of $12.25 is to be settled from your collateral',
      resting: true,
      changesAtMs: undefined,
    })
    const settled = entry('debt-settled', 905, { actor: KEEPER, chainId: 31338 })
    const seized = entry('seized', 930, { chainId: 31337 })
    expect(statusAt([OPENED, FILLED, liquidated, settled], 906).line).toMatch(
      /; its debt of \$12\.25 was settled from your collateral \(the seizure is on its way\)$/,
    )
    expect(statusAt([OPENED, FILLED, liquidated, settled, seized], 931).line).toMatch(
      /; its debt of \$12\.25 was settled from your collateral$/,
    )
  })
})
