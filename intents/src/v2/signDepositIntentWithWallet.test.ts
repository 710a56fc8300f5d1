import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Anvil, rpc, startAnvil } from '../../testing/anvil.ts'
import { NO_TRADE, SOLVER_KEY, sampleDeposit, TRADER_KEY, trader } from '../../testing/v2/samples.ts'
import { compactStyle, highS, ledgerStyle, metamaskLikeWallet } from '../../testing/v2/wallet.ts'
import { signDepositIntent } from './signDepositIntent.ts'
import { signDepositIntentWithWallet } from './signDepositIntentWithWallet.ts'
import { verifyDepositIntent } from './verifyDepositIntent.ts'

const long = sampleDeposit()
const short = sampleDeposit({
  orderData: { ...long.orderData, trade: { ...long.orderData.trade, sizeDelta: -(5n * 10n ** 18n) } },
})
const none = sampleDeposit({ orderData: { ...long.orderData, trade: NO_TRADE } })
const expected = await signDepositIntent({ intent: short, account: trader })

describe('signDepositIntentWithWallet', () => {
  test('a MetaMask-style wallet produces the local key’s signature, long, short or no trade', async () => {
    for (const intent of [long, short, none]) {
      const signed = await signDepositIntentWithWallet({ intent, provider: metamaskLikeWallet(TRADER_KEY) })
      expect(signed).toEqual(await signDepositIntent({ intent, account: trader }))
    }
  })

  test.each([
    ['v ∈ {0, 1}', ledgerStyle],
    ['a high s', highS],
    ['a 64-byte compact signature', compactStyle],
  ])('a wallet answering with %s is brought to the rule’s one form', async (_case, mangle) => {
    const signed = await signDepositIntentWithWallet({
      intent: short,
      provider: metamaskLikeWallet(TRADER_KEY, mangle),
    })
    expect(signed.signature).toBe(expected.signature)
    expect(verifyDepositIntent(signed).signer).toBe(trader.address)
  })

  test('a wallet that signs with another account is caught', async () => {
    await expect(
      signDepositIntentWithWallet({ intent: short, provider: metamaskLikeWallet(SOLVER_KEY) }),
    ).rejects.toMatchObject({ code: 'SIGNER_MISMATCH' })
  })

  test('a wallet answering something that is no signature is refused', async () => {
    await expect(
      signDepositIntentWithWallet({
        intent: short,
        provider: metamaskLikeWallet(TRADER_KEY, () => '0x1234'),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_SIGNATURE', rule: 'length' })
    await expect(
      signDepositIntentWithWallet({ intent: short, provider: { request: async () => 42 } }),
    ).rejects.toMatchObject({ code: 'INVALID_SIGNATURE', rule: 'format' })
    const sAboveOrder = `0x${'11'.repeat(32)}${'ff'.repeat(32)}1b`
    await expect(
      signDepositIntentWithWallet({ intent: short, provider: { request: async () => sAboveOrder } }),
    ).rejects.toMatchObject({ code: 'INVALID_SIGNATURE', rule: 'low-s' })
  })

  test('a contract wallet’s answer is kept as it is, for the on-chain ERC-1271 check', async () => {
    const provider = { request: async () => '0xABCDEF' }
    const signed = await signDepositIntentWithWallet({ intent: short, provider, signerHasCode: true })
    expect(signed).toEqual({ order: short, signature: '0xabcdef' })
  })
})

describe('signDepositIntentWithWallet against a real node’s eth_signTypedData_v4 (anvil)', () => {
  let anvil: Anvil
  beforeAll(async () => {
    anvil = await startAnvil()
  })
  afterAll(() => anvil?.stop())

  test('anvil’s dev account signs the payload, a negative int256 included, as the local key does', async () => {
    const provider = {
      request: (args: { method: string; params: unknown }) => rpc(anvil.url, args.method, args.params),
    }
    const signed = await signDepositIntentWithWallet({ intent: short, provider })
    expect(signed.signature).toBe(expected.signature)
  })
})
