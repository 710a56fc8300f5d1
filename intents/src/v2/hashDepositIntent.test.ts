import { createRequire } from 'node:module'
import fc from 'fast-check'
import { hashStruct, hashTypedData } from 'viem'
import { describe, expect, test } from 'vitest'
import { arbitraryDepositIntent } from '../../testing/v2/arbitrary.ts'
import { NO_TRADE, sampleDeposit, solver } from '../../testing/v2/samples.ts'
import { PERMIT2_ADDRESS } from '../constants.ts'
import { DEPOSIT_ORDER_TYPEHASH } from './constants.ts'
import { depositIntentDigest } from './depositIntentDigest.ts'
import {
  DEPOSIT_INTENT_TYPES,
  DEPOSIT_INTENT_WITNESS_TYPES,
  depositIntentTypedData,
} from './depositIntentTypedData.ts'
import { hashDepositIntent } from './hashDepositIntent.ts'
import { hashDepositOrder } from './hashDepositOrder.ts'
import type { DepositIntent } from './types.ts'

type Permit2Sdk = {
  SignatureTransfer: {
    hash(
      permit: {
        permitted: { token: string; amount: string }
        spender: string
        nonce: string
        deadline: number
      },
      permit2Address: string,
      chainId: number,
      witness: { witness: unknown; witnessTypeName: string; witnessType: Record<string, unknown> },
    ): string
  }
}
// Uniswap's Permit2 SDK (ethers v5 inside): a third EIP-712 implementation, the one Permit2's own users run.
const permit2Sdk = createRequire(import.meta.url)('@uniswap/permit2-sdk') as Permit2Sdk

function viemOrderId(intent: DepositIntent) {
  return hashStruct({
    data: depositIntentTypedData(intent).message.witness,
    primaryType: 'GaslessCrossChainOrder',
    types: DEPOSIT_INTENT_TYPES,
  })
}

function permit2SdkDigest(intent: DepositIntent): string {
  const plain = (value: unknown) =>
    JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
  return permit2Sdk.SignatureTransfer.hash(
    {
      permitted: { token: intent.orderData.token, amount: intent.orderData.amount.toString() },
      spender: intent.originSettler,
      nonce: intent.nonce.toString(),
      deadline: intent.openDeadline,
    },
    PERMIT2_ADDRESS,
    Number(intent.originChainId),
    {
      witness: plain(depositIntentTypedData(intent).message.witness),
      witnessTypeName: 'GaslessCrossChainOrder',
      witnessType: DEPOSIT_INTENT_WITNESS_TYPES,
    },
  )
}

describe('hashDepositIntent (orderId)', () => {
  test('equals viem’s generic EIP-712 struct hash of the witness, with and without a trade, long and short', () => {
    const long = sampleDeposit()
    const short = sampleDeposit({
      orderData: { ...long.orderData, trade: { ...long.orderData.trade, sizeDelta: -5n * 10n ** 18n } },
    })
    const none = sampleDeposit({ orderData: { ...long.orderData, trade: NO_TRADE } })
    for (const intent of [long, short, none]) expect(hashDepositIntent(intent)).toBe(viemOrderId(intent))
    expect(new Set([long, short, none].map(hashDepositIntent)).size).toBe(3)
  })

  test('agrees with viem on random intents, int256 and uint256 edges included', () => {
    fc.assert(
      fc.property(arbitraryDepositIntent, (intent) => hashDepositIntent(intent) === viemOrderId(intent)),
      { numRuns: 1000, seed: 7 },
    )
  })

  test('changes when any signed term changes', () => {
    const base = sampleDeposit()
    const data = base.orderData
    const variants: DepositIntent[] = [
      { ...base, nonce: 2n },
      { ...base, user: solver.address },
      { ...base, fillDeadline: base.fillDeadline + 1 },
      { ...base, orderData: { ...data, account: solver.address } },
      { ...base, orderData: { ...data, engine: solver.address } },
      { ...base, orderData: { ...data, route: 'layerzero' } },
      { ...base, orderData: { ...data, fee: { ...data.fee, maxBps: 31 } } },
      { ...base, orderData: { ...data, trade: { ...data.trade, sizeDelta: -data.trade.sizeDelta } } },
      { ...base, orderData: { ...data, trade: { ...data.trade, maxLeverageBps: 100_001 } } },
    ]
    expect(new Set([base, ...variants].map(hashDepositIntent)).size).toBe(variants.length + 1)
  })
})

describe('hashDepositOrder', () => {
  test('equals viem’s struct hash of the DepositOrder', () => {
    fc.assert(
      fc.property(
        arbitraryDepositIntent,
        ({ orderData }) =>
          hashDepositOrder(orderData) ===
          hashStruct({ data: orderData, primaryType: 'DepositOrder', types: DEPOSIT_INTENT_TYPES }),
      ),
      { numRuns: 300, seed: 11 },
    )
  })
})

describe('depositIntentDigest (what the trader signs)', () => {
  test('equals viem’s hashTypedData of the Permit2 typed data', () => {
    fc.assert(
      fc.property(
        arbitraryDepositIntent,
        (intent) => depositIntentDigest(intent).digest === hashTypedData(depositIntentTypedData(intent)),
      ),
      { numRuns: 1000, seed: 13 },
    )
  })

  test('equals the Permit2 SDK’s witness hash on random intents', () => {
    fc.assert(
      fc.property(
        arbitraryDepositIntent,
        (intent) => depositIntentDigest(intent).digest === permit2SdkDigest(intent),
      ),
      { numRuns: 100, seed: 17 },
    )
  })

  test('returns the orderId beside the digest, and the witness names the DepositOrder type', () => {
    const intent = sampleDeposit()
    expect(depositIntentDigest(intent).orderId).toBe(hashDepositIntent(intent))
    expect(depositIntentTypedData(intent).message.witness.orderDataType).toBe(DEPOSIT_ORDER_TYPEHASH)
    expect(depositIntentTypedData(intent).domain).toEqual({
      name: 'Permit2',
      chainId: 31337,
      verifyingContract: PERMIT2_ADDRESS,
    })
  })

  test('is bound to the origin chain through Permit2’s domain', () => {
    const intent = sampleDeposit()
    expect(depositIntentDigest({ ...intent, originChainId: 1n }).digest).not.toBe(
      depositIntentDigest(intent).digest,
    )
  })
})
