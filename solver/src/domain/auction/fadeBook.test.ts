import type { Address } from 'viem'
import { describe, expect, test } from 'vitest'
import { ConfigError } from '../../errors.ts'
import { createFadeBook } from './fadeBook.ts'

const SOLVER: Address = '0x0000000000000000000000000000000000000b0b'
const MINUTE = 60_000

describe('fade bans', () => {
  const fades = createFadeBook({ baseBanMs: MINUTE, maxBanMs: 10 * MINUTE })

  test('the ban doubles with each repeat: 1, 2, 4, 8 minutes', () => {
    let record = fades.recordFade(SOLVER, 0)
    const bans = [record.bannedUntilMs]
    for (let i = 0; i < 3; i++) {
      record = fades.recordFade(SOLVER, 0, record)
      bans.push(record.bannedUntilMs)
    }
    expect(bans).toEqual([1, 2, 4, 8].map((minutes) => minutes * MINUTE))
    expect(record).toEqual({ solver: SOLVER, fades: 4, bannedUntilMs: 8 * MINUTE })
  })

  test('the ban is capped, even after very many fades', () => {
    expect(fades.banMs(5)).toBe(10 * MINUTE)
    expect(fades.banMs(10_000)).toBe(10 * MINUTE)
    const record = fades.recordFade(SOLVER, 1_000, { solver: SOLVER, fades: 99, bannedUntilMs: 0 })
    expect(record).toEqual({ solver: SOLVER, fades: 100, bannedUntilMs: 1_000 + 10 * MINUTE })
  })

  test('a ban expires', () => {
    const record = fades.recordFade(SOLVER, 5_000)
    expect(fades.isBanned(record, 5_000)).toBe(true)
    expect(fades.isBanned(record, 5_000 + MINUTE - 1)).toBe(true)
    expect(fades.isBanned(record, 5_000 + MINUTE)).toBe(false)
    expect(fades.isBanned(undefined, 5_000)).toBe(false)
  })

  test('bad parameters are a ConfigError naming the field', () => {
    expect(() => createFadeBook({ baseBanMs: 0, maxBanMs: 1 })).toThrow(ConfigError)
    expect(() => createFadeBook({ baseBanMs: 10, maxBanMs: 5 })).toThrow(/maxBanMs/)
  })
})
