import { describe, expect, test } from 'vitest'
import { sampleIntent, solver } from '../testing/sampleIntent.ts'
import { IntentError } from './errors.ts'
import { hashIntent } from './hashIntent.ts'
import { parseSolverBid } from './parseSolverBid.ts'
import { signSolverBid } from './signSolverBid.ts'
import { stringifySolverBid } from './stringifySolverBid.ts'

const signed = await signSolverBid({
  bid: { orderId: hashIntent(sampleIntent()), solver: solver.address, feeBps: 12, expiry: 1_800_000_200 },
  account: solver,
})
const text = stringifySolverBid(signed)

function failure(input: string): string {
  try {
    parseSolverBid(input)
  } catch (error) {
    if (error instanceof IntentError) return `${error.code} ${error.field}`
    throw error
  }
  return 'ok'
}

describe('parseSolverBid', () => {
  test('accepts the canonical bid', () => {
    expect(parseSolverBid(text)).toEqual(signed)
  })

  test('rejects a key written twice, at the top level or inside the bid', () => {
    expect(failure(text.replace('"signature":', `"signature":"${signed.signature}","signature":`))).toBe(
      'MALFORMED_JSON signature',
    )
    // JSON.parse would keep the second, lower fee.
    expect(failure(text.replace('"feeBps":12', '"feeBps":12,"feeBps":1'))).toBe('MALFORMED_JSON bid.feeBps')
  })

  test.each(['12.0', '1.2e1', '-0'])('rejects the number form %s', (literal) => {
    expect(failure(text.replace('"feeBps":12', `"feeBps":${literal}`))).toBe('INVALID_FIELD bid.feeBps')
  })
})
