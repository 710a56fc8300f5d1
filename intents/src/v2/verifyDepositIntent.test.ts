import fc from 'fast-check'
import { type Hex, recoverTypedDataAddress, verifyTypedData } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { arbitraryDepositIntent, signedBy } from '../../testing/v2/arbitrary.ts'
import { NO_TRADE, sampleDeposit, solver, trader } from '../../testing/v2/samples.ts'
import { IntentError } from '../errors.ts'
import { recoverPublicKeyNoble } from '../internal/recover.ts'
import { MAX_SIGNATURE_BYTES } from './constants.ts'
import { depositIntentDigest } from './depositIntentDigest.ts'
import { depositIntentTypedData } from './depositIntentTypedData.ts'
import { SignatureRuleError } from './errors.ts'
import { signDepositIntent } from './signDepositIntent.ts'
import type { DepositIntent, SignedDepositIntent } from './types.ts'
import { verifyDepositIntent } from './verifyDepositIntent.ts'

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const signed = await signDepositIntent({ intent: sampleDeposit(), account: trader })

type Failure = { code: string; field: string | undefined; message: string; rule?: string }

function failure(run: () => unknown): Failure {
  try {
    run()
  } catch (error) {
    if (error instanceof SignatureRuleError) {
      return { code: error.code, field: error.field, message: error.message, rule: error.rule }
    }
    if (error instanceof IntentError) return { code: error.code, field: error.field, message: error.message }
    throw error
  }
  throw new Error('expected verification to fail')
}

/** The same key's other valid signature of the digest: s → n − s, v flipped. */
function highS(signature: Hex): Hex {
  const s = BigInt(`0x${signature.slice(66, 130)}`)
  const v = Number.parseInt(signature.slice(130), 16)
  return `${signature.slice(0, 66)}${(N - s).toString(16).padStart(64, '0')}${(v === 27 ? 28 : 27).toString(16)}` as Hex
}

/** EIP-2098: r ‖ (yParity << 255 | s), 64 bytes. */
function compact(signature: Hex): Hex {
  const s = BigInt(`0x${signature.slice(66, 130)}`)
  const parity = BigInt(Number.parseInt(signature.slice(130), 16) - 27)
  return `${signature.slice(0, 66)}${((parity << 255n) | s).toString(16).padStart(64, '0')}` as Hex
}

function withOrder(patch: (order: DepositIntent) => DepositIntent): SignedDepositIntent {
  return { ...signed, order: patch(signed.order) }
}

describe('verifyDepositIntent', () => {
  test('returns the trader, the orderId and the digest of a signed intent', () => {
    expect(verifyDepositIntent(signed)).toEqual({
      needsErc1271: false,
      signer: trader.address,
      ...depositIntentDigest(signed.order),
    })
  })

  test('verifies a deposit without an attached trade', async () => {
    const intent = sampleDeposit({ orderData: { ...sampleDeposit().orderData, trade: NO_TRADE } })
    const deposit = await signDepositIntent({ intent, account: trader })
    expect(verifyDepositIntent(deposit).signer).toBe(trader.address)
  })

  test('the pure-JS recovery gives the same answer as libsecp256k1', () => {
    expect(verifyDepositIntent(signed, { recoverPublicKey: recoverPublicKeyNoble })).toEqual(
      verifyDepositIntent(signed),
    )
  })

  test.each([
    [
      'amount',
      (o: DepositIntent) => ({ ...o, orderData: { ...o.orderData, amount: o.orderData.amount + 1n } }),
    ],
    [
      'trade side',
      (o: DepositIntent) => ({
        ...o,
        orderData: {
          ...o.orderData,
          trade: { ...o.orderData.trade, sizeDelta: -o.orderData.trade.sizeDelta },
        },
      }),
    ],
    [
      'fee',
      (o: DepositIntent) => ({
        ...o,
        orderData: { ...o.orderData, fee: { ...o.orderData.fee, maxBps: 100 } },
      }),
    ],
    ['route', (o: DepositIntent) => ({ ...o, orderData: { ...o.orderData, route: 'other' } })],
    ['vault', (o: DepositIntent) => ({ ...o, originSettler: solver.address })],
    ['nonce', (o: DepositIntent) => ({ ...o, nonce: 99n })],
  ])('a solver changing the %s breaks the signature', (_term, patch) => {
    expect(failure(() => verifyDepositIntent(withOrder(patch)))).toMatchObject({
      code: 'SIGNER_MISMATCH',
      field: 'signature',
    })
  })

  test('a solver redirecting the deposit to another account is refused by the rules', () => {
    const redirected = withOrder((o: DepositIntent) => ({
      ...o,
      orderData: { ...o.orderData, account: solver.address },
    }))
    expect(failure(() => verifyDepositIntent(redirected))).toMatchObject({
      code: 'INVALID_FIELD',
      field: 'order.orderData.account',
    })
  })

  test('a signature by someone else names both addresses', async () => {
    const forged = {
      order: signed.order,
      signature: await solver.signTypedData(depositIntentTypedData(signed.order)),
    }
    const { code, message } = failure(() => verifyDepositIntent(forged))
    expect(code).toBe('SIGNER_MISMATCH')
    expect(message).toContain(trader.address)
    expect(message).toContain(solver.address)
  })
})

describe('the signature rule (audit attack 1)', () => {
  test('a high-s signature recovers to the trader (Permit2’s ecrecover would take it) and is refused', async () => {
    const malleated = highS(signed.signature)
    const typedData = depositIntentTypedData(signed.order)
    expect(await recoverTypedDataAddress({ ...typedData, signature: malleated })).toBe(trader.address)
    const error = failure(() => verifyDepositIntent({ ...signed, signature: malleated }))
    expect(error).toEqual({
      code: 'INVALID_SIGNATURE',
      field: 'signature',
      rule: 'low-s',
      message: 'signature: s is in the upper half of the curve order (EIP-2 high-s); sign again',
    })
  })

  test('s exactly n/2 is low; n/2 + 1 is high', () => {
    const half = (N / 2n).toString(16).padStart(64, '0')
    const halfPlusOne = (N / 2n + 1n).toString(16).padStart(64, '0')
    const r = signed.signature.slice(2, 66)
    const atHalf = failure(() => verifyDepositIntent({ ...signed, signature: `0x${r}${half}1b` }))
    expect(atHalf.rule).toBeUndefined() // passes the rule, then recovers some other key
    expect(atHalf.code).toBe('SIGNER_MISMATCH')
    expect(failure(() => verifyDepositIntent({ ...signed, signature: `0x${r}${halfPlusOne}1b` })).rule).toBe(
      'low-s',
    )
  })

  test('a 64-byte compact signature (EIP-2098) is refused, naming the rule', () => {
    expect(failure(() => verifyDepositIntent({ ...signed, signature: compact(signed.signature) }))).toEqual({
      code: 'INVALID_SIGNATURE',
      field: 'signature',
      rule: 'length',
      message:
        'signature: a 64-byte compact signature (EIP-2098) is refused: the signature rule needs 65 bytes r ‖ s ‖ v',
    })
  })

  test.each([
    ['v of 0', `${signed.signature.slice(0, 130)}00`, 'v', 'signature: v must be 27 or 28, got 0'],
    ['v of 1', `${signed.signature.slice(0, 130)}01`, 'v', 'signature: v must be 27 or 28, got 1'],
    ['66 bytes', `${signed.signature}00`, 'length', 'signature: expected 65 bytes r ‖ s ‖ v, got 66'],
    ['too short', '0x1234', 'length', 'signature: expected 65 bytes r ‖ s ‖ v, got 2'],
    ['not hex', `0x${'zz'.repeat(65)}`, 'format', 'signature: expected 0x-prefixed hex bytes'],
    ['an odd length', `${signed.signature}0`, 'format', 'signature: expected 0x-prefixed hex bytes'],
  ])('refuses %s', (_case, signature, rule, message) => {
    expect(failure(() => verifyDepositIntent({ ...signed, signature: signature as Hex }))).toEqual({
      code: 'INVALID_SIGNATURE',
      field: 'signature',
      rule,
      message,
    })
  })

  test('a signature that recovers no key is refused', () => {
    expect(
      failure(() => verifyDepositIntent({ ...signed, signature: `0x${'00'.repeat(64)}1b` })),
    ).toMatchObject({
      code: 'INVALID_SIGNATURE',
      message: 'signature: does not recover to any public key',
    })
  })
})

describe('a trader with code (ERC-1271)', () => {
  test('returns what the on-chain isValidSignature call needs instead of recovering', () => {
    const safeStyle = `0x${'ab'.repeat(65 * 2)}` as Hex
    expect(verifyDepositIntent({ ...signed, signature: safeStyle }, { signerHasCode: true })).toEqual({
      needsErc1271: true,
      wallet: trader.address,
      ...depositIntentDigest(signed.order),
    })
  })

  test('accepts any bytes a wallet may take, even none or a high-s ECDSA one, up to the limit', () => {
    for (const signature of [
      '0x',
      highS(signed.signature),
      `0x${'00'.repeat(MAX_SIGNATURE_BYTES)}`,
    ] as Hex[]) {
      expect(verifyDepositIntent({ ...signed, signature }, { signerHasCode: true }).needsErc1271).toBe(true)
    }
    expect(
      failure(() =>
        verifyDepositIntent(
          { ...signed, signature: `0x${'00'.repeat(MAX_SIGNATURE_BYTES + 1)}` },
          { signerHasCode: true },
        ),
      ),
    ).toMatchObject({ code: 'INVALID_SIGNATURE', rule: 'length' })
    expect(
      failure(() => verifyDepositIntent({ ...signed, signature: '0xzz' as Hex }, { signerHasCode: true })),
    ).toMatchObject({ code: 'INVALID_SIGNATURE', rule: 'format' })
  })

  test('still applies every rule of the intent itself', () => {
    const patched = withOrder((o) => ({
      ...o,
      orderData: { ...o.orderData, destinationChainId: o.originChainId },
    }))
    expect(failure(() => verifyDepositIntent(patched, { signerHasCode: true }))).toMatchObject({
      code: 'SAME_CHAIN',
    })
  })
})

describe('verification options', () => {
  test.each([
    ['an expired open deadline', { now: signed.order.openDeadline + 1 }, 'EXPIRED', 'order.openDeadline'],
    ['another origin chain', { originChainId: 1n }, 'WRONG_CHAIN', 'order.originChainId'],
    ['another vault', { originSettler: solver.address }, 'WRONG_CHAIN', 'order.originSettler'],
  ])('rejects %s', (_case, options, code, field) => {
    expect(failure(() => verifyDepositIntent(signed, options))).toMatchObject({ code, field })
  })

  test('accepts an intent at its open deadline', () => {
    expect(verifyDepositIntent(signed, { now: signed.order.openDeadline }).signer).toBe(trader.address)
  })
})

describe('verifyDepositIntent agrees with viem’s verifyTypedData', () => {
  const keys = Array.from({ length: 4 }, () => privateKeyToAccount(generatePrivateKey()))

  test('on random deposit intents, signed or tampered', async () => {
    const cases = fc.sample(fc.tuple(arbitraryDepositIntent, fc.nat(3), fc.nat(3), fc.nat(64)), {
      numRuns: 1000,
      seed: 42,
    })
    let refused = 0
    for (const [intent, keyIndex, tamper, flip] of cases) {
      const account = keys[keyIndex] as (typeof keys)[number]
      let { signature, order } = await signDepositIntent({
        intent: signedBy(intent, account.address),
        account,
      })
      if (tamper === 1) order = { ...order, nonce: order.nonce ^ 1n }
      if (tamper === 2) signature = flipNibble(signature, flip)
      const ours = verifies(() => verifyDepositIntent({ order, signature }))
      const theirs = await verifyTypedData({
        ...depositIntentTypedData(order),
        address: order.user,
        signature,
      }).catch(() => false)
      expect(ours, `tamper ${tamper}`).toBe(theirs)
      if (!ours) refused++
    }
    // Half the cases are tampered; every one must have been caught.
    expect(refused).toBeGreaterThan(400)
  }, 120_000)
})

function flipNibble(signature: Hex, position: number): Hex {
  const index = 2 + (position % 128) // r and s only
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
