import { MARGIN_ORDER_TYPEHASH } from './constants.ts'
import { encodeOrderData } from './encodeOrderData.ts'
import type { GaslessCrossChainOrder, MarginIntent } from './types.ts'

export type ToGaslessCrossChainOrderReturnType = GaslessCrossChainOrder

/** The ERC-7683 order exactly as `CollateralVault.openFor` and `MarginEngine.fill` take it. */
export function toGaslessCrossChainOrder(intent: MarginIntent): ToGaslessCrossChainOrderReturnType {
  const { orderData, ...envelope } = intent
  return { ...envelope, orderDataType: MARGIN_ORDER_TYPEHASH, orderData: encodeOrderData(orderData) }
}
