import { encodeAbiParameters, type Hex } from 'viem'
import { DEPOSIT_ORDER_ABI } from './internal/abi.ts'
import type { DepositOrder } from './types.ts'

export type EncodeDepositOrderReturnType = Hex

/** ABI-encodes a {@link DepositOrder} as Solidity's `abi.encode(order)` does, for `orderData`. */
export function encodeDepositOrder(order: DepositOrder): EncodeDepositOrderReturnType {
  return encodeAbiParameters(DEPOSIT_ORDER_ABI, [order])
}
