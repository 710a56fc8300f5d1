import { encodeAbiParameters, type Hex } from 'viem'
import { MARGIN_ORDER_ABI } from './internal/abi.ts'
import type { MarginOrder } from './types.ts'

export type EncodeOrderDataReturnType = Hex

/** ABI-encodes a {@link MarginOrder} as Solidity's `abi.encode(order)` does, for `orderData`. */
export function encodeOrderData(order: MarginOrder): EncodeOrderDataReturnType {
  return encodeAbiParameters(MARGIN_ORDER_ABI, [order])
}
