import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { arbitraryIntent } from '../testing/arbitraryIntent.ts'
import { sampleIntent } from '../testing/sampleIntent.ts'
import { MARGIN_ORDER_TYPEHASH } from './constants.ts'
import { decodeOrderData } from './decodeOrderData.ts'
import { encodeOrderData } from './encodeOrderData.ts'
import { IntentError } from './errors.ts'
import { fromGaslessCrossChainOrder } from './fromGaslessCrossChainOrder.ts'
import { toGaslessCrossChainOrder } from './toGaslessCrossChainOrder.ts'

describe('orderData ABI encoding', () => {
  test('random margin orders round-trip through abi.encode', () => {
    fc.assert(
      fc.property(arbitraryIntent, (intent) => {
        expect(decodeOrderData(encodeOrderData(intent.orderData))).toEqual(intent.orderData)
      }),
      { numRuns: 300, seed: 9 },
    )
  })

  test('the ERC-7683 order carries the MarginOrder type hash and the encoded bytes', () => {
    const intent = sampleIntent()
    const order = toGaslessCrossChainOrder(intent)
    expect(order.orderDataType).toBe(MARGIN_ORDER_TYPEHASH)
    expect(order.orderData).toBe(encodeOrderData(intent.orderData))
    expect(fromGaslessCrossChainOrder(order)).toEqual(intent)
  })

  test('rejects an order of another type and bytes that do not decode', () => {
    const order = toGaslessCrossChainOrder(sampleIntent())
    expect(() => fromGaslessCrossChainOrder({ ...order, orderDataType: `0x${'11'.repeat(32)}` })).toThrow(
      IntentError,
    )
    expect(() => decodeOrderData('0x1234')).toThrow(/orderData: expected ABI-encoded MarginOrder/)
  })
})
