import { decodeAbiParameters, getAddress, type Hex } from 'viem'
import { InvalidFieldError } from './errors.ts'
import { MARGIN_ORDER_ABI } from './internal/abi.ts'
import type { MarginOrder } from './types.ts'

export type DecodeOrderDataReturnType = MarginOrder

/** Decodes `orderData` bytes back into a {@link MarginOrder}; throws {@link InvalidFieldError} on bad bytes. */
export function decodeOrderData(orderData: Hex): DecodeOrderDataReturnType {
  let decoded: ReturnType<typeof decode>[0]
  try {
    decoded = decode(orderData)[0]
  } catch (cause) {
    throw new InvalidFieldError(
      'orderData',
      'ABI-encoded MarginOrder bytes',
      cause instanceof Error ? cause.message : cause,
    )
  }
  return {
    ...decoded,
    collateralToken: getAddress(decoded.collateralToken),
    destinationSettler: getAddress(decoded.destinationSettler),
    recipient: getAddress(decoded.recipient),
    fee: { ...decoded.fee },
  }
}

function decode(orderData: Hex) {
  return decodeAbiParameters(MARGIN_ORDER_ABI, orderData)
}
