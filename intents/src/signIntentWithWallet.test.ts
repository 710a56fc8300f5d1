import { SignTypedDataVersion, signTypedData } from '@metamask/eth-sig-util'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Anvil, rpc, startAnvil } from '../testing/anvil.ts'
import { SOLVER_KEY, sampleIntent, TRADER_KEY, trader } from '../testing/sampleIntent.ts'
import { IntentError } from './errors.ts'
import { intentWalletPayload } from './intentWalletPayload.ts'
import { signIntent } from './signIntent.ts'
import { type SignIntentWithWalletParameters, signIntentWithWallet } from './signIntentWithWallet.ts'
import { verifyIntent } from './verifyIntent.ts'

/** A wallet that signs the way MetaMask does: its own eth-sig-util on the JSON payload it receives. */
function metamaskLikeWallet(
  privateKey: Hex,
  mangle: (signature: string) => string = (s) => s,
): SignIntentWithWalletParameters['provider'] {
  return {
    request: async ({ params }) => {
      const [, payload] = params
      const data = JSON.parse(payload)
      return mangle(
        signTypedData({
          privateKey: Buffer.from(privateKey.slice(2), 'hex'),
          data,
          version: SignTypedDataVersion.V4,
        }),
      )
    },
  }
}

const intent = sampleIntent()
const expected = await signIntent({ intent, account: trader })

describe('signIntentWithWallet', () => {
  test('the wallet payload is the Permit2 witness typed data, EIP712Domain included', () => {
    const payload = JSON.parse(intentWalletPayload(intent))
    expect(payload.primaryType).toBe('PermitWitnessTransferFrom')
    expect(payload.domain).toEqual({
      name: 'Permit2',
      chainId: 31337,
      verifyingContract: '0x000000000022d473030f116ddee9f6b43ac78ba3',
    })
    expect(Object.keys(payload.types).sort()).toEqual([
      'EIP712Domain',
      'FeeSchedule',
      'GaslessCrossChainOrder',
      'MarginOrder',
      'PermitWitnessTransferFrom',
      'TokenPermissions',
    ])
    expect(payload.message.witness.orderData.market).toBe('ETH-USD')
    expect(payload.message.permitted.amount).toBe('2000000000000000000')
  })

  test('a MetaMask-style wallet produces the same signature as a local key', async () => {
    const signed = await signIntentWithWallet({ intent, provider: metamaskLikeWallet(TRADER_KEY) })
    expect(signed.signature).toBe(expected.signature)
  })

  test('a wallet answering with v ∈ {0, 1} is normalised to what Permit2 accepts', async () => {
    const ledgerStyle = (s: string) =>
      `${s.slice(0, 130)}${(Number.parseInt(s.slice(130), 16) - 27).toString(16).padStart(2, '0')}`
    const signed = await signIntentWithWallet({
      intent,
      provider: metamaskLikeWallet(TRADER_KEY, ledgerStyle),
    })
    expect(verifyIntent(signed).signer).toBe(trader.address)
  })

  test('a wallet that signs with another account is caught', async () => {
    const wrong = signIntentWithWallet({ intent, provider: metamaskLikeWallet(SOLVER_KEY) })
    await expect(wrong).rejects.toMatchObject({ code: 'SIGNER_MISMATCH' })
    await expect(wrong).rejects.toBeInstanceOf(IntentError)
  })
})

describe('signIntentWithWallet against a real node’s eth_signTypedData_v4 (anvil)', () => {
  let anvil: Anvil
  beforeAll(async () => {
    anvil = await startAnvil()
  })
  afterAll(() => anvil?.stop())

  test('anvil’s unlocked dev account signs the payload and the signature is the local key’s', async () => {
    const provider = {
      request: (args: { method: string; params: unknown }) => rpc(anvil.url, args.method, args.params),
    }
    const signed = await signIntentWithWallet({ intent, provider })
    expect(signed.signature).toBe(expected.signature)
  })
})
