import { createRequire } from 'node:module'
import fc from 'fast-check'
import { hashStruct, hashTypedData } from 'viem'
import { describe, expect, test } from 'vitest'
import { arbitraryIntent } from '../testing/arbitraryIntent.ts'
import { sampleIntent } from '../testing/sampleIntent.ts'
import { MARGIN_ORDER_TYPEHASH, PERMIT2_ADDRESS, PERMIT2_WITNESS_TYPE_STRING } from './constants.ts'
import { hashIntent } from './hashIntent.ts'
import { hashMarginOrder } from './hashMarginOrder.ts'
import { intentDigest } from './intentDigest.ts'
import { INTENT_TYPES, INTENT_WITNESS_TYPES, intentTypedData } from './intentTypedData.ts'
import type { MarginIntent } from './types.ts'

type EthersTypedDataEncoder = {
  hash(domain: object, types: object, value: object): string
  hashStruct(name: string, types: object, value: object): string
}
// ethers v5, as Permit2's SDK uses it: a third, independent EIP-712 implementation to agree with.
const { _TypedDataEncoder } = createRequire(import.meta.url)('@ethersproject/hash') as {
  _TypedDataEncoder: EthersTypedDataEncoder
}

function viemOrderId(intent: MarginIntent) {
  return hashStruct({
    data: intentTypedData(intent).message.witness,
    primaryType: 'GaslessCrossChainOrder',
    types: INTENT_TYPES,
  })
}

function ethersDigest(intent: MarginIntent) {
  const { domain, message } = intentTypedData(intent)
  const { PermitWitnessTransferFrom, TokenPermissions, ...witnessTypes } = INTENT_TYPES
  const plain = JSON.parse(JSON.stringify(message, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
  return _TypedDataEncoder.hash(
    domain,
    { PermitWitnessTransferFrom, TokenPermissions, ...witnessTypes },
    plain,
  )
}

describe('hashIntent (orderId)', () => {
  test('equals viem’s generic EIP-712 struct hash of the witness', () => {
    const intent = sampleIntent()
    expect(hashIntent(intent)).toBe(viemOrderId(intent))
  })

  test('agrees with viem on random intents, edge values included', () => {
    fc.assert(
      fc.property(arbitraryIntent, (intent) => hashIntent(intent) === viemOrderId(intent)),
      { numRuns: 1000, seed: 7 },
    )
  })

  test('changes when any signed term changes', () => {
    const base = sampleIntent()
    const variants: MarginIntent[] = [
      { ...base, nonce: 2n },
      { ...base, user: base.orderData.recipient === base.user ? base.originSettler : base.user },
      { ...base, openDeadline: base.openDeadline - 1 },
      { ...base, orderData: { ...base.orderData, isLong: false } },
      { ...base, orderData: { ...base.orderData, market: 'BTC-USD' } },
      { ...base, orderData: { ...base.orderData, route: 'hyperlane-fallback' } },
      { ...base, orderData: { ...base.orderData, fee: { ...base.orderData.fee, maxBps: 31 } } },
    ]
    const ids = new Set([base, ...variants].map(hashIntent))
    expect(ids.size).toBe(variants.length + 1)
  })
})

describe('hashMarginOrder', () => {
  test('equals viem’s struct hash of the MarginOrder', () => {
    fc.assert(
      fc.property(
        arbitraryIntent,
        (intent) =>
          hashMarginOrder(intent.orderData) ===
          hashStruct({ data: intent.orderData, primaryType: 'MarginOrder', types: INTENT_WITNESS_TYPES }),
      ),
      { numRuns: 300, seed: 11 },
    )
  })

  test('orderDataType is the MarginOrder type hash ethers computes', () => {
    const order = sampleIntent().orderData
    const plain = JSON.parse(JSON.stringify(order, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
    const { MarginOrder, FeeSchedule } = INTENT_WITNESS_TYPES
    expect(_TypedDataEncoder.hashStruct('MarginOrder', { MarginOrder, FeeSchedule }, plain)).toBe(
      hashMarginOrder(order),
    )
    expect(MARGIN_ORDER_TYPEHASH).toMatch(/^0x[0-9a-f]{64}$/)
  })
})

describe('intentDigest (what the trader signs)', () => {
  test('equals viem’s hashTypedData of the Permit2 typed data', () => {
    fc.assert(
      fc.property(
        arbitraryIntent,
        (intent) => intentDigest(intent).digest === hashTypedData(intentTypedData(intent)),
      ),
      { numRuns: 1000, seed: 13 },
    )
  })

  test('equals ethers v5 (Permit2 SDK’s encoder) on random intents', () => {
    fc.assert(
      fc.property(arbitraryIntent, (intent) => intentDigest(intent).digest === ethersDigest(intent)),
      { numRuns: 100, seed: 17 },
    )
  })

  test('is bound to the origin chain through Permit2’s domain', () => {
    const intent = sampleIntent()
    const elsewhere = { ...intent, originChainId: 1n }
    expect(intentDigest(elsewhere).digest).not.toBe(intentDigest(intent).digest)
    expect(intentTypedData(intent).domain).toEqual({
      name: 'Permit2',
      chainId: 31337,
      verifyingContract: PERMIT2_ADDRESS,
    })
  })

  test('the Permit2 witness type string lists referenced structs alphabetically', () => {
    expect(PERMIT2_WITNESS_TYPE_STRING.startsWith('GaslessCrossChainOrder witness)FeeSchedule(')).toBe(true)
    const structs = [...PERMIT2_WITNESS_TYPE_STRING.matchAll(/\)?([A-Za-z0-9]+)\(/g)].map((m) => m[1])
    expect(structs).toEqual(['FeeSchedule', 'GaslessCrossChainOrder', 'MarginOrder', 'TokenPermissions'])
  })
})
