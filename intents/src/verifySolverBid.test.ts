import { hashTypedData, verifyTypedData } from 'viem'
import { describe, expect, test } from 'vitest'
import { sampleIntent, solver, trader } from '../testing/sampleIntent.ts'
import { IntentError } from './errors.ts'
import { hashIntent } from './hashIntent.ts'
import { hashSolverBid } from './hashSolverBid.ts'
import { parseSolverBid } from './parseSolverBid.ts'
import { signSolverBid } from './signSolverBid.ts'
import { solverBidTypedData } from './solverBidTypedData.ts'
import { stringifySolverBid } from './stringifySolverBid.ts'
import type { SolverBid } from './types.ts'
import { verifySolverBid } from './verifySolverBid.ts'

const bid: SolverBid = {
  orderId: hashIntent(sampleIntent()),
  solver: solver.address,
  feeBps: 12,
  expiry: 1_800_000_200,
}
const signed = await signSolverBid({ bid, account: solver })

function code(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof IntentError) return `${error.code} ${error.field}`
    throw error
  }
  return 'ok'
}

describe('solver bids', () => {
  test('signSolverBid signs exactly what viem’s signTypedData signs, with or without a raw signer', async () => {
    expect(signed.signature).toBe(await solver.signTypedData(solverBidTypedData(bid)))
    const typedDataOnly = { ...solver, sign: undefined }
    expect((await signSolverBid({ bid, account: typedDataOnly })).signature).toBe(signed.signature)
  })

  test('the digest is viem’s EIP-712 hash and viem accepts the signature', async () => {
    expect(hashSolverBid(bid).digest).toBe(hashTypedData(solverBidTypedData(bid)))
    expect(
      await verifyTypedData({
        ...solverBidTypedData(bid),
        address: solver.address,
        signature: signed.signature,
      }),
    ).toBe(true)
  })

  test('verifies to the solver, and a changed fee or order does not', () => {
    expect(verifySolverBid(signed)).toEqual({ solver: solver.address, bidHash: hashSolverBid(bid).bidHash })
    expect(code(() => verifySolverBid({ ...signed, bid: { ...bid, feeBps: 11 } }))).toBe(
      'SIGNER_MISMATCH signature',
    )
    expect(code(() => verifySolverBid({ ...signed, bid: { ...bid, orderId: `0x${'00'.repeat(32)}` } }))).toBe(
      'SIGNER_MISMATCH signature',
    )
  })

  test('an expired bid no longer binds', () => {
    expect(code(() => verifySolverBid(signed, { now: bid.expiry + 1 }))).toBe('EXPIRED bid.expiry')
    expect(code(() => verifySolverBid(signed, { now: bid.expiry }))).toBe('ok')
  })

  test('a solver cannot sign a bid in another solver’s name', async () => {
    await expect(signSolverBid({ bid, account: trader })).rejects.toMatchObject({ code: 'ACCOUNT_MISMATCH' })
  })

  test('round-trips through canonical JSON, strictly parsed', () => {
    const text = stringifySolverBid(signed)
    expect(parseSolverBid(text)).toEqual(signed)
    expect(code(() => parseSolverBid(text.replace('"feeBps":12', '"feeBps":12,"bonus":1')))).toBe(
      'UNKNOWN_FIELD bid.bonus',
    )
    expect(code(() => parseSolverBid(text.replace('"feeBps":12', '"feeBps":10001')))).toBe(
      'INVALID_FIELD bid.feeBps',
    )
    expect(code(() => parseSolverBid(' '.repeat(2000)))).toBe('TOO_LARGE undefined')
  })
})
