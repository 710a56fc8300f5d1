import { SignTypedDataVersion, TypedDataUtils } from '@metamask/eth-sig-util'
import { bytesToHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { sampleDeposit } from '../../testing/v2/samples.ts'
import { depositIntentDigest } from './depositIntentDigest.ts'
import { depositIntentWalletPayload } from './depositIntentWalletPayload.ts'

const short = sampleDeposit({
  orderData: {
    ...sampleDeposit().orderData,
    trade: { ...sampleDeposit().orderData.trade, sizeDelta: -5n * 10n ** 18n },
  },
})

describe('depositIntentWalletPayload', () => {
  test('is the Permit2 witness typed data with EIP712Domain, integers as decimal strings', () => {
    const payload = JSON.parse(depositIntentWalletPayload(short))
    expect(payload.primaryType).toBe('PermitWitnessTransferFrom')
    expect(payload.domain).toEqual({
      name: 'Permit2',
      chainId: 31337,
      verifyingContract: '0x000000000022d473030f116ddee9f6b43ac78ba3',
    })
    expect(Object.keys(payload.types).sort()).toEqual([
      'AttachedTrade',
      'DepositOrder',
      'EIP712Domain',
      'FeeSchedule',
      'GaslessCrossChainOrder',
      'PermitWitnessTransferFrom',
      'TokenPermissions',
    ])
    expect(payload.message.witness.orderData.trade).toEqual({
      market: 'ETH-USD',
      sizeDelta: '-5000000000000000000',
      limitPrice: '3100000000000000000000',
      maxLeverageBps: 100_000,
    })
  })

  test('MetaMask’s own EIP-712 hash of the payload is the digest', () => {
    for (const intent of [sampleDeposit(), short]) {
      const hash = TypedDataUtils.eip712Hash(
        JSON.parse(depositIntentWalletPayload(intent)),
        SignTypedDataVersion.V4,
      )
      expect(bytesToHex(hash)).toBe(depositIntentDigest(intent).digest)
    }
  })
})
