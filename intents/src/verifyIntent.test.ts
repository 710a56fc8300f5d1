import fc from 'fast-check'
import { type Hex, verifyTypedData } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { arbitraryIntent } from '../testing/arbitraryIntent.ts'
import { sampleIntent, solver, trader } from '../testing/sampleIntent.ts'
import { IntentError } from './errors.ts'
import { hashIntent } from './hashIntent.ts'
import { intentTypedData } from './intentTypedData.ts'
import { recoverPublicKeyNative, recoverPublicKeyNoble, secp256k1Backend } from './internal/recover.ts'
import { signIntent } from './signIntent.ts'
import type { MarginIntent, SignedMarginIntent } from './types.ts'
import { verifyIntent } from './verifyIntent.ts'

const signed = await signIntent({ intent: sampleIntent(), account: trader })

function failure(run: () => unknown): { code: string; field: string | undefined; message: string } {
  try {
    run()
  } catch (error) {
    if (error instanceof IntentError) return { code: error.code, field: error.field, message: error.message }
    throw error
  }
  throw new Error('expected verification to fail')
}

function withOrder(patch: (order: MarginIntent) => MarginIntent): SignedMarginIntent {
  return { ...signed, order: patch(signed.order) }
}

describe('verifyIntent', () => {
  test('returns the trader and the orderId of a signed intent', () => {
    expect(verifyIntent(signed)).toEqual({
      signer: trader.address,
      orderId: hashIntent(signed.order),
      digest: expect.stringMatching(/^0x[0-9a-f]{64}$/),
    })
  })

  test('runs on libsecp256k1 here, and the pure-JS fallback gives the same answer', () => {
    expect(secp256k1Backend).toBe('libsecp256k1')
    expect(verifyIntent(signed, { recoverPublicKey: recoverPublicKeyNoble })).toEqual(verifyIntent(signed))
  })

  test.each([
    ['size', (o: MarginIntent) => ({ ...o, orderData: { ...o.orderData, size: o.orderData.size + 1n } })],
    ['side', (o: MarginIntent) => ({ ...o, orderData: { ...o.orderData, isLong: false } })],
    ['limit price', (o: MarginIntent) => ({ ...o, orderData: { ...o.orderData, limitPrice: 1n } })],
    [
      'fee',
      (o: MarginIntent) => ({
        ...o,
        orderData: { ...o.orderData, fee: { ...o.orderData.fee, maxBps: 100 } },
      }),
    ],
    ['route', (o: MarginIntent) => ({ ...o, orderData: { ...o.orderData, route: 'other' } })],
    ['recipient', (o: MarginIntent) => ({ ...o, orderData: { ...o.orderData, recipient: solver.address } })],
    ['vault', (o: MarginIntent) => ({ ...o, originSettler: solver.address })],
    ['nonce', (o: MarginIntent) => ({ ...o, nonce: 99n })],
  ])('a solver changing the %s breaks the signature', (_term, patch) => {
    expect(failure(() => verifyIntent(withOrder(patch)))).toMatchObject({
      code: 'SIGNER_MISMATCH',
      field: 'signature',
    })
  })

  test('a signature by someone else names both addresses', async () => {
    const forged = {
      order: signed.order,
      signature: await solver.signTypedData(intentTypedData(signed.order)),
    }
    const { code, message } = failure(() => verifyIntent(forged))
    expect(code).toBe('SIGNER_MISMATCH')
    expect(message).toContain(trader.address)
    expect(message).toContain(solver.address)
  })

  test.each([
    ['too short', '0x1234'],
    ['v of 0', `${signed.signature.slice(0, 130)}00`],
    ['not hex', `0x${'zz'.repeat(65)}`],
    ['r of zero', `0x${'00'.repeat(64)}1b`],
  ])('rejects a malformed signature (%s)', (_case, signature) => {
    expect(failure(() => verifyIntent({ ...signed, signature: signature as Hex }))).toMatchObject({
      code: 'INVALID_SIGNATURE',
      field: 'signature',
    })
  })

  test.each([
    ['an expired open deadline', { now: signed.order.openDeadline + 1 }, 'EXPIRED', 'order.openDeadline'],
    ['another origin chain', { originChainId: 1n }, 'WRONG_CHAIN', 'order.originChainId'],
    ['another vault', { originSettler: solver.address }, 'WRONG_CHAIN', 'order.originSettler'],
  ])('rejects %s', (_case, options, code, field) => {
    expect(failure(() => verifyIntent(signed, options))).toMatchObject({ code, field })
  })

  test.each([
    [
      'same chains',
      (o: MarginIntent) => ({ ...o, orderData: { ...o.orderData, destinationChainId: o.originChainId } }),
      'SAME_CHAIN',
      'order.orderData.destinationChainId',
    ],
    [
      'open after fill deadline',
      (o: MarginIntent) => ({ ...o, openDeadline: o.fillDeadline + 1 }),
      'DEADLINE_ORDER',
      'order.openDeadline',
    ],
    [
      'zero collateral',
      (o: MarginIntent) => ({ ...o, orderData: { ...o.orderData, collateralAmount: 0n } }),
      'INVALID_FIELD',
      'order.orderData.collateralAmount',
    ],
    [
      'leverage below 1x',
      (o: MarginIntent) => ({ ...o, orderData: { ...o.orderData, maxLeverageBps: 9_999 } }),
      'INVALID_FIELD',
      'order.orderData.maxLeverageBps',
    ],
    [
      'a fee above 100%',
      (o: MarginIntent) => ({
        ...o,
        orderData: { ...o.orderData, fee: { ...o.orderData.fee, maxBps: 10_001 } },
      }),
      'INVALID_FIELD',
      'order.orderData.fee.maxBps',
    ],
    [
      'a falling fee',
      (o: MarginIntent) => ({
        ...o,
        orderData: { ...o.orderData, fee: { ...o.orderData.fee, startBps: 50 } },
      }),
      'FEE_SCHEDULE',
      'order.orderData.fee.startBps',
    ],
    [
      'a schedule ending after the fill deadline',
      (o: MarginIntent) => ({
        ...o,
        orderData: { ...o.orderData, fee: { ...o.orderData.fee, endTime: o.fillDeadline + 1 } },
      }),
      'FEE_SCHEDULE',
      'order.orderData.fee.endTime',
    ],
    [
      'a lowercase market',
      (o: MarginIntent) => ({ ...o, orderData: { ...o.orderData, market: 'eth-usd' } }),
      'INVALID_FIELD',
      'order.orderData.market',
    ],
    [
      'the zero address as vault',
      (o: MarginIntent) => ({ ...o, originSettler: '0x0000000000000000000000000000000000000000' as const }),
      'INVALID_FIELD',
      'order.originSettler',
    ],
  ])('names the rule for %s', (_case, patch, code, field) => {
    expect(failure(() => verifyIntent(withOrder(patch)))).toMatchObject({ code, field })
  })
})

describe('verifyIntent agrees with viem’s verifyTypedData', () => {
  const keys = Array.from({ length: 8 }, () => privateKeyToAccount(generatePrivateKey()))

  test('on thousands of random intents, signed or tampered', async () => {
    const cases = fc.sample(fc.tuple(arbitraryIntent, fc.nat(7), fc.nat(3), fc.nat(64)), {
      numRuns: 2000,
      seed: 42,
    })
    let tampered = 0
    for (const [intent, keyIndex, tamper, flip] of cases) {
      const account = keys[keyIndex] as (typeof keys)[number]
      const own = { ...intent, user: account.address }
      let { signature, order } = await signIntent({ intent: own, account })
      if (tamper === 1) order = { ...order, nonce: order.nonce ^ 1n }
      if (tamper === 2) signature = flipNibble(signature, flip)
      const ours = verifies(() => verifyIntent({ order, signature }))
      const theirs = await viemVerifies(order, signature)
      expect(ours, `tamper ${tamper}`).toBe(theirs)
      if (!ours) tampered++
    }
    // Roughly half the cases are tampered; every one of them must have been caught.
    expect(tampered).toBeGreaterThan(800)
    // 2,000 signatures and viem verifications: seconds alone, a minute on a 2-core machine running the fuzzers beside it.
  }, 180_000)

  test('the native and pure-JS recoveries agree on random digests and signatures', () => {
    if (!recoverPublicKeyNative) return
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.integer({ min: 0, max: 1 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (signature, recid, digest) => {
          const a = attempt(() => recoverPublicKeyNative?.(signature, recid, digest))
          const b = attempt(() => recoverPublicKeyNoble(signature, recid, digest))
          return a === b
        },
      ),
      { numRuns: 500, seed: 5 },
    )
  })
})

function flipNibble(signature: Hex, position: number): Hex {
  const index = 2 + (position % 128) // r and s only: a flipped v is a format error, not a forgery
  const nibble = Number.parseInt(signature[index] as string, 16) ^ 1
  return `${signature.slice(0, index)}${nibble.toString(16)}${signature.slice(index + 1)}` as Hex
}

function verifies(run: () => unknown): boolean {
  try {
    run()
    return true
  } catch (error) {
    if (error instanceof IntentError) return false
    throw error
  }
}

async function viemVerifies(order: MarginIntent, signature: Hex): Promise<boolean> {
  try {
    return await verifyTypedData({ ...intentTypedData(order), address: order.user, signature })
  } catch {
    return false
  }
}

function attempt(run: () => Uint8Array | undefined): string {
  try {
    return Buffer.from(run() ?? []).toString('hex')
  } catch {
    return 'error'
  }
}
