import fc from 'fast-check'
import { type Hex, recoverTypedDataAddress, type TypedDataDefinition, verifyTypedData } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { arbitraryAction, arbitraryDomain } from '../../testing/v2/arbitrary.ts'
import { domain, ENGINE, sampleTrade, sampleWithdraw, solver, trader } from '../../testing/v2/samples.ts'
import { IntentError } from '../errors.ts'
import { actionDigest } from './actionDigest.ts'
import { actionTypedData } from './actionTypedData.ts'
import { SignatureRuleError } from './errors.ts'
import { signAction } from './signAction.ts'
import type { SignedAction } from './types.ts'
import { verifyAction } from './verifyAction.ts'

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const trade = await signAction({
  action: { kind: 'trade', message: sampleTrade() },
  account: trader,
  ...domain,
})
const withdraw = await signAction({
  action: { kind: 'withdraw', message: sampleWithdraw() },
  account: trader,
  ...domain,
})

function failure(run: () => unknown): { code: string; field: string | undefined; rule?: string } {
  try {
    run()
  } catch (error) {
    if (error instanceof SignatureRuleError) return { code: error.code, field: error.field, rule: error.rule }
    if (error instanceof IntentError) return { code: error.code, field: error.field }
    throw error
  }
  throw new Error('expected verification to fail')
}

function highS(signature: Hex): Hex {
  const s = BigInt(`0x${signature.slice(66, 130)}`)
  const v = signature.endsWith('1b') ? '1c' : '1b'
  return `${signature.slice(0, 66)}${(N - s).toString(16).padStart(64, '0')}${v}` as Hex
}

describe('verifyAction', () => {
  test('returns the account, the action hash and the digest of a trade and a withdrawal', () => {
    for (const signed of [trade, withdraw]) {
      expect(verifyAction(signed)).toEqual({
        needsErc1271: false,
        signer: trader.address,
        ...actionDigest({ action: signed, ...domain }),
      })
    }
  })

  test('an action signed by a key that is not its account is refused, naming the account', async () => {
    const typedData = actionTypedData({ action: trade, ...domain }) as TypedDataDefinition
    const forged: SignedAction = { ...trade, signature: await solver.signTypedData(typedData) }
    expect(failure(() => verifyAction(forged))).toEqual({ code: 'SIGNER_MISMATCH', field: 'signature' })
  })

  test.each([
    ['another chain', (s: SignedAction): SignedAction => ({ ...s, chainId: 1n })],
    ['another engine', (s: SignedAction): SignedAction => ({ ...s, engine: solver.address })],
    [
      'a larger relayer fee',
      (s: SignedAction): SignedAction =>
        s.kind === 'trade'
          ? { ...s, message: { ...s.message, maxRelayerFee: s.message.maxRelayerFee + 1n } }
          : s,
    ],
  ])('a relayer moving the action to %s breaks the signature', (_case, patch) => {
    expect(failure(() => verifyAction(patch(trade)))).toMatchObject({ code: 'SIGNER_MISMATCH' })
  })

  test('a high-s signature recovers to the account and is refused by the rule', async () => {
    const malleated = highS(withdraw.signature)
    const typedData = actionTypedData({ action: withdraw, ...domain }) as TypedDataDefinition
    expect(await recoverTypedDataAddress({ ...typedData, signature: malleated })).toBe(trader.address)
    expect(failure(() => verifyAction({ ...withdraw, signature: malleated }))).toEqual({
      code: 'INVALID_SIGNATURE',
      field: 'signature',
      rule: 'low-s',
    })
  })

  test('a 64-byte signature and v of 0 are refused by the rule', () => {
    expect(
      failure(() => verifyAction({ ...trade, signature: trade.signature.slice(0, 130) as Hex })),
    ).toMatchObject({
      rule: 'length',
    })
    expect(
      failure(() => verifyAction({ ...trade, signature: `${trade.signature.slice(0, 130)}00` as Hex })),
    ).toMatchObject({
      rule: 'v',
    })
  })

  test('with signerHasCode, returns what the ERC-1271 call needs', () => {
    expect(verifyAction({ ...trade, signature: '0x1234' }, { signerHasCode: true })).toEqual({
      needsErc1271: true,
      wallet: trader.address,
      ...actionDigest({ action: trade, ...domain }),
    })
  })

  test('applies the action rules and options first', () => {
    expect(failure(() => verifyAction(trade, { now: trade.message.deadline + 1 }))).toEqual({
      code: 'EXPIRED',
      field: 'message.deadline',
    })
    expect(failure(() => verifyAction(trade, { engine: solver.address }))).toEqual({
      code: 'WRONG_CHAIN',
      field: 'engine',
    })
    expect(verifyAction(trade, { chainId: domain.chainId, engine: ENGINE }).signer).toBe(trader.address)
  })
})

describe('verifyAction agrees with viem’s verifyTypedData', () => {
  const keys = Array.from({ length: 4 }, () => privateKeyToAccount(generatePrivateKey()))

  test('on random actions and domains, signed or tampered', async () => {
    const cases = fc.sample(fc.tuple(arbitraryAction, arbitraryDomain, fc.nat(3), fc.nat(1)), {
      numRuns: 1000,
      seed: 43,
    })
    let refused = 0
    for (const [action, on, keyIndex, tamper] of cases) {
      const account = keys[keyIndex] as (typeof keys)[number]
      const own = { ...action, message: { ...action.message, account: account.address } } as typeof action
      let signed = await signAction({ action: own, account, ...on })
      if (tamper === 1) signed = { ...signed, chainId: signed.chainId === 1n ? 2n : signed.chainId - 1n }
      const ours = (() => {
        try {
          verifyAction(signed)
          return true
        } catch (error) {
          if (error instanceof IntentError) return false
          throw error
        }
      })()
      const typedData = actionTypedData({ action: signed, chainId: signed.chainId, engine: signed.engine })
      const theirs = await verifyTypedData({
        ...(typedData as TypedDataDefinition),
        address: account.address,
        signature: signed.signature,
      })
      expect(ours).toBe(theirs)
      if (!ours) refused++
    }
    expect(refused).toBeGreaterThan(400)
  }, 120_000)
})
