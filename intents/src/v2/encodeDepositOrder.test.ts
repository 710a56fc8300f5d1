import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { arbitraryDepositIntent } from '../../testing/v2/arbitrary.ts'
import { sampleDeposit } from '../../testing/v2/samples.ts'
import { IntentError } from '../errors.ts'
import { DEPOSIT_ORDER_TYPEHASH } from './constants.ts'
import { decodeDepositOrder } from './decodeDepositOrder.ts'
import { encodeDepositOrder } from './encodeDepositOrder.ts'
import { fromGaslessCrossChainOrder } from './fromGaslessCrossChainOrder.ts'
import { toGaslessCrossChainOrder } from './toGaslessCrossChainOrder.ts'

describe('DepositOrder ABI encoding (orderData)', () => {
  test('random deposit orders round-trip through abi.encode, negative sizes included', () => {
    fc.assert(
      fc.property(arbitraryDepositIntent, ({ orderData }) => {
        expect(decodeDepositOrder(encodeDepositOrder(orderData))).toEqual(orderData)
      }),
      { numRuns: 300, seed: 9 },
    )
  })

  test('a negative size is its two’s-complement word', () => {
    const order = sampleDeposit().orderData
    const encoded = encodeDepositOrder({ ...order, trade: { ...order.trade, sizeDelta: -1n } })
    expect(encoded).toContain('f'.repeat(64))
  })

  test('the ERC-7683 order carries the DepositOrder type hash and the encoded bytes, and reads back', () => {
    const intent = sampleDeposit()
    const order = toGaslessCrossChainOrder(intent)
    expect(order.orderDataType).toBe(DEPOSIT_ORDER_TYPEHASH)
    expect(order.orderData).toBe(encodeDepositOrder(intent.orderData))
    expect(fromGaslessCrossChainOrder(order)).toEqual(intent)
  })

  test('refuses an order of another type and bytes that do not decode', () => {
    const order = toGaslessCrossChainOrder(sampleDeposit())
    expect(() => fromGaslessCrossChainOrder({ ...order, orderDataType: `0x${'11'.repeat(32)}` })).toThrow(
      IntentError,
    )
    expect(() => decodeDepositOrder('0x1234')).toThrow(/orderData: expected ABI-encoded DepositOrder/)
  })
})
