import fc from 'fast-check'
import { hashStruct } from 'viem'
import { describe, expect, test } from 'vitest'
import { arbitraryTrade } from '../../testing/v2/arbitrary.ts'
import { sampleTrade } from '../../testing/v2/samples.ts'
import { ACTION_TYPES } from './actionTypedData.ts'
import { hashTrade } from './hashTrade.ts'

const viemHash = (trade: ReturnType<typeof sampleTrade>) =>
  hashStruct({ data: trade, primaryType: 'Trade', types: ACTION_TYPES })

describe('hashTrade', () => {
  test('equals viem’s struct hash for an opening buy and a closing sell', () => {
    const close = sampleTrade()
    const open = sampleTrade({ sizeDelta: 5n * 10n ** 18n, limitPrice: 3_100n * 10n ** 18n })
    expect(hashTrade(close)).toBe(viemHash(close))
    expect(hashTrade(open)).toBe(viemHash(open))
    expect(hashTrade(open)).not.toBe(hashTrade(close))
  })

  test('agrees with viem on random trades, negative int256 edges included', () => {
    fc.assert(
      fc.property(arbitraryTrade, (trade) => hashTrade(trade) === viemHash(trade)),
      { numRuns: 1000, seed: 21 },
    )
  })
})
