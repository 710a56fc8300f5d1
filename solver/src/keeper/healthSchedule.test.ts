import { type Hex, keccak256, toHex } from 'viem'
import { describe, expect, test } from 'vitest'
import type { QuoteView } from './engineReader.ts'
import { createHealthSchedule, type PositionWatch } from './healthSchedule.ts'

const WAD = 10n ** 18n
const ETH = keccak256(toHex('ETH/USD'))
const USDC = keccak256(toHex('USDC/USD'))
const order = (i: number): Hex => keccak256(toHex(`order ${i}`))
const quote = (dollars: bigint): QuoteView => ({
  low: (dollars * WAD * 1999n) / 2000n,
  mid: dollars * WAD,
  high: (dollars * WAD * 2001n) / 2000n,
})
const quotes = (eth: bigint, usdc = 1n) =>
  new Map([
    [ETH, quote(eth)],
    [USDC, quote(usdc)],
  ])
/** A long on ETH-USD, read at $3,000, liquidatable once `low` falls below $2,500. */
const longWatch = (midsAtRead: ReadonlyMap<Hex, bigint> = new Map([[ETH, 3_000n * WAD]])): PositionWatch => ({
  marketFeed: ETH,
  side: 'low',
  liquidation: { direction: 'below', mark: 2_500n * WAD },
  midsAtRead,
})

describe('the health schedule', () => {
  test('reads a new or touched position once, then not while nothing happens', () => {
    const schedule = createHealthSchedule()
    schedule.touch(order(1))
    expect(schedule.due(0, quotes(3_000n)).orderIds).toEqual([order(1)])
    schedule.watch(order(1), longWatch())
    for (let ms = 250; ms < 5_000; ms += 250) expect(schedule.due(ms, quotes(3_000n)).orderIds).toEqual([])
    schedule.touch(order(1)) // e.g. `backed`
    expect(schedule.due(5_000, quotes(3_000n)).orderIds).toEqual([order(1)])
  })

  test('reads a watched position once its mark nears the liquidation mark, not on smaller moves', () => {
    const schedule = createHealthSchedule({ priceMoveBps: 10_000 })
    schedule.watch(order(1), longWatch())
    schedule.due(0, quotes(3_000n))
    expect(schedule.due(1, quotes(2_600n)).orderIds).toEqual([])
    expect(schedule.due(2, quotes(2_508n)).orderIds).toEqual([]) // low $2,506.75: 27 bps above
    expect(schedule.due(3, quotes(2_507n)).orderIds).toEqual([order(1)]) // low $2,505.75: 23 bps above
    expect(schedule.due(4, quotes(2_400n)).orderIds).toEqual([order(1)])
  })

  test('reads a position again when any feed it depends on moved more than the threshold', () => {
    const schedule = createHealthSchedule({ priceMoveBps: 100 })
    schedule.watch(
      order(1),
      longWatch(
        new Map([
          [ETH, 3_000n * WAD],
          [USDC, WAD],
        ]),
      ),
    )
    schedule.due(0, quotes(3_000n))
    expect(schedule.due(1, quotes(3_029n)).orderIds).toEqual([]) // 0.97%
    expect(schedule.due(2, quotes(3_031n)).orderIds).toEqual([order(1)]) // 1.03%
    expect(
      schedule.due(
        3,
        new Map([
          [ETH, quote(3_000n)],
          [USDC, { low: 0n, mid: (WAD * 98n) / 100n, high: WAD }],
        ]),
      ).orderIds,
    ).toEqual([order(1)])
  })

  test('a feed without a usable price triggers nothing', () => {
    const schedule = createHealthSchedule()
    schedule.watch(order(1), longWatch())
    schedule.due(0, quotes(3_000n))
    expect(schedule.due(1, new Map()).orderIds).toEqual([])
  })

  test('sweeps every position every sweepMs, idle ones included', () => {
    const schedule = createHealthSchedule({ sweepMs: 60_000 })
    schedule.watch(order(1), longWatch())
    schedule.idle(order(2))
    expect(schedule.due(1_000, quotes(3_000n))).toEqual({ orderIds: [], sweep: false })
    expect(schedule.due(60_999, quotes(3_000n))).toEqual({ orderIds: [], sweep: false })
    expect(schedule.due(61_000, quotes(3_000n))).toEqual({ orderIds: [order(1), order(2)], sweep: true })
    expect(schedule.due(61_250, quotes(3_000n))).toEqual({ orderIds: [], sweep: false })
  })

  test('lists the feeds its watched positions depend on, and forgets positions', () => {
    const schedule = createHealthSchedule()
    schedule.watch(order(1), longWatch())
    schedule.touch(order(2))
    expect(schedule.feeds()).toEqual([ETH])
    expect(schedule.size).toBe(2)
    schedule.forget(order(1))
    expect([schedule.has(order(1)), schedule.feeds(), schedule.size]).toEqual([false, [], 1])
  })
})
