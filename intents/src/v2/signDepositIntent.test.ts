import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { arbitraryDepositIntent, signedBy } from '../../testing/v2/arbitrary.ts'
import { sampleDeposit, solver, trader } from '../../testing/v2/samples.ts'
import { depositIntentTypedData } from './depositIntentTypedData.ts'
import { signDepositIntent } from './signDepositIntent.ts'
import { verifyDepositIntent } from './verifyDepositIntent.ts'

const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n

describe('signDepositIntent', () => {
  test('signs exactly what viem’s signTypedData signs, with or without a raw signer', async () => {
    const intent = sampleDeposit()
    const signed = await signDepositIntent({ intent, account: trader })
    expect(signed).toEqual({
      order: intent,
      signature: await trader.signTypedData(depositIntentTypedData(intent)),
    })
    const typedDataOnly = { ...trader, sign: undefined }
    expect((await signDepositIntent({ intent, account: typedDataOnly })).signature).toBe(signed.signature)
  })

  test('always meets the signature rule: 65 bytes, v 27 or 28, low s', async () => {
    for (const intent of fc.sample(arbitraryDepositIntent, { numRuns: 50, seed: 3 })) {
      const { signature } = await signDepositIntent({
        intent: signedBy(intent, trader.address),
        account: trader,
      })
      expect(signature).toMatch(/^0x[0-9a-f]{128}(1b|1c)$/)
      expect(BigInt(`0x${signature.slice(66, 130)}`) <= HALF_N).toBe(true)
    }
  })

  test('refuses to sign in another trader’s name', async () => {
    await expect(signDepositIntent({ intent: sampleDeposit(), account: solver })).rejects.toMatchObject({
      code: 'ACCOUNT_MISMATCH',
      field: 'order.user',
    })
  })

  test('refuses to sign an invalid intent', async () => {
    const intent = sampleDeposit({ openDeadline: 1_800_000_301 })
    await expect(signDepositIntent({ intent, account: trader })).rejects.toMatchObject({
      code: 'DEADLINE_ORDER',
    })
  })

  test('what it signs verifies', async () => {
    const signed = await signDepositIntent({ intent: sampleDeposit(), account: trader })
    expect(verifyDepositIntent(signed).signer).toBe(trader.address)
  })
})
