import { MARGIN_ORDER_TYPEHASH } from './constants.ts'
import { decodeOrderData } from './decodeOrderData.ts'
import { InvalidFieldError } from './errors.ts'
import type { GaslessCrossChainOrder, MarginIntent } from './types.ts'

export type FromGaslessCrossChainOrderReturnType = MarginIntent

/** Reads an ERC-7683 order (e.g. from an `Open` event) back into a {@link MarginIntent}. */
export function fromGaslessCrossChainOrder(
  order: GaslessCrossChainOrder,
): FromGaslessCrossChainOrderReturnType {
  if (order.orderDataType.toLowerCase() !== MARGIN_ORDER_TYPEHASH) {
    throw new InvalidFieldError(
      'orderDataType',
      `the MarginOrder type hash ${MARGIN_ORDER_TYPEHASH}`,
      order.orderDataType,
    )
  }
  const { orderDataType: _type, orderData, ...envelope } = order
  return { ...envelope, orderData: decodeOrderData(orderData) }
}
