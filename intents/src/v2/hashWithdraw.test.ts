import fc from 'fast-check'
import { hashStruct } from 'viem'
import { describe, expect, test } from 'vitest'
import { arbitraryWithdraw } from '../../testing/v2/arbitrary.ts'
import { sampleWithdraw } from '../../testing/v2/samples.ts'
import { ACTION_TYPES } from './actionTypedData.ts'
import { hashWithdraw } from './hashWithdraw.ts'
import type { Withdraw } from './types.ts'

const viemHash = (withdraw: Withdraw) =>
  hashStruct({ data: withdraw, primaryType: 'Withdraw', types: ACTION_TYPES })

describe('hashWithdraw', () => {
  test('equals viem’s struct hash, and a fast withdrawal differs from a normal one', () => {
    const fast = sampleWithdraw()
    const normal = sampleWithdraw({ maxFastFeeBps: 0 })
    expect(hashWithdraw(fast)).toBe(viemHash(fast))
    expect(hashWithdraw(normal)).toBe(viemHash(normal))
    expect(hashWithdraw(fast)).not.toBe(hashWithdraw(normal))
  })

  test('agrees with viem on random withdrawals', () => {
    fc.assert(
      fc.property(arbitraryWithdraw, (withdraw) => hashWithdraw(withdraw) === viemHash(withdraw)),
      { numRuns: 1000, seed: 22 },
    )
  })
})
