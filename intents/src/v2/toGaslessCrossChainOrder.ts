import type { GaslessCrossChainOrder } from '../types.ts'
import { DEPOSIT_ORDER_TYPEHASH } from './constants.ts'
import { encodeDepositOrder } from './encodeDepositOrder.ts'
import type { DepositIntent } from './types.ts'

export type ToGaslessCrossChainOrderReturnType = GaslessCrossChainOrder

/** The ERC-7683 order exactly as `AccountVault.openFor` and `AccountEngine.fillDeposit` take it. */
export function toGaslessCrossChainOrder(intent: DepositIntent): ToGaslessCrossChainOrderReturnType {
  const { orderData, ...envelope } = intent
  return { ...envelope, orderDataType: DEPOSIT_ORDER_TYPEHASH, orderData: encodeDepositOrder(orderData) }
}
