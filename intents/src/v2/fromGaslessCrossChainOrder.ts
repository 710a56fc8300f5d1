import { InvalidFieldError } from '../errors.ts'
import type { GaslessCrossChainOrder } from '../types.ts'
import { DEPOSIT_ORDER_TYPEHASH } from './constants.ts'
import { decodeDepositOrder } from './decodeDepositOrder.ts'
import type { DepositIntent } from './types.ts'

export type FromGaslessCrossChainOrderReturnType = DepositIntent

/** Reads an ERC-7683 order (e.g. from an `Open` event) back into a {@link DepositIntent}. */
export function fromGaslessCrossChainOrder(
  order: GaslessCrossChainOrder,
): FromGaslessCrossChainOrderReturnType {
  if (order.orderDataType.toLowerCase() !== DEPOSIT_ORDER_TYPEHASH) {
    throw new InvalidFieldError(
      'orderDataType',
      `the DepositOrder type hash ${DEPOSIT_ORDER_TYPEHASH}`,
      order.orderDataType,
    )
  }
  const { orderDataType: _type, orderData, ...envelope } = order
  return { ...envelope, orderData: decodeDepositOrder(orderData) }
}
