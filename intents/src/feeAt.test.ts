import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { feeAmount } from './feeAmount.ts'
import { feeAt } from './feeAt.ts'
import { timeAtFee } from './timeAtFee.ts'
import type { FeeSchedule } from './types.ts'

const schedule: FeeSchedule = { startBps: 5, maxBps: 30, startTime: 1000, endTime: 1100 }

const arbitrarySchedule = fc
  .tuple(
    fc.integer({ min: 0, max: 10_000 }),
    fc.integer({ min: 0, max: 10_000 }),
    fc.nat(2 ** 31),
    fc.integer({ min: 1, max: 2 ** 31 }),
  )
  .map(([a, b, startTime, span]) => ({
    startBps: Math.min(a, b),
    maxBps: Math.max(a, b),
    startTime,
    endTime: startTime + span,
  }))

describe('feeAt', () => {
  test('holds the start fee until startTime, then rises linearly, rounding down', () => {
    expect(feeAt(schedule, 0)).toBe(5)
    expect(feeAt(schedule, 1000)).toBe(5)
    expect(feeAt(schedule, 1001)).toBe(5) // 5 + floor(25 × 1 / 100)
    expect(feeAt(schedule, 1004)).toBe(6)
    expect(feeAt(schedule, 1050)).toBe(17) // 5 + floor(12.5)
    expect(feeAt(schedule, 1099)).toBe(29)
    expect(feeAt(schedule, 1100)).toBe(30)
    expect(feeAt(schedule, 9_999_999)).toBe(30)
  })

  test('a flat schedule charges the same fee at all times', () => {
    const flat = { startBps: 7, maxBps: 7, startTime: 50, endTime: 50 }
    expect([0, 50, 51, 10_000].map((t) => feeAt(flat, t))).toEqual([7, 7, 7, 7])
  })

  test('never falls over time and stays within [startBps, maxBps]', () => {
    fc.assert(
      fc.property(arbitrarySchedule, fc.nat(2 ** 32 - 2), (s, t) => {
        const now = feeAt(s, t)
        return now <= feeAt(s, t + 1) && now >= s.startBps && now <= s.maxBps
      }),
      { numRuns: 5000, seed: 1 },
    )
  })
})

describe('timeAtFee', () => {
  test('is the first second at which the schedule reaches the fee', () => {
    fc.assert(
      fc.property(arbitrarySchedule, fc.integer({ min: 0, max: 10_000 }), (s, fee) => {
        const t = timeAtFee(s, fee)
        if (fee > s.maxBps) return t === undefined
        if (t === undefined) return false
        return feeAt(s, t) >= fee && (t === 0 || feeAt(s, t - 1) < fee)
      }),
      { numRuns: 5000, seed: 2 },
    )
  })
})

describe('feeAmount', () => {
  test('is basis points of the collateral, rounded down in the trader’s favour', () => {
    expect(feeAmount(2_000_000_000_000_000_000n, 30)).toBe(6_000_000_000_000_000n)
    expect(feeAmount(9_999n, 1)).toBe(0n)
    expect(feeAmount(2n ** 256n - 1n, 10_000)).toBe(2n ** 256n - 1n)
  })
})
