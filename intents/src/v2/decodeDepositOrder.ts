import { decodeAbiParameters, getAddress, type Hex } from 'viem'
import { InvalidFieldError } from '../errors.ts'
import { DEPOSIT_ORDER_ABI } from './internal/abi.ts'
import type { DepositOrder } from './types.ts'

export type DecodeDepositOrderReturnType = DepositOrder

/** Decodes `orderData` bytes back into a {@link DepositOrder}; throws {@link InvalidFieldError} on bad bytes. */
export function decodeDepositOrder(orderData: Hex): DecodeDepositOrderReturnType {
  let decoded: ReturnType<typeof decode>[0]
  try {
    decoded = decode(orderData)[0]
  } catch (cause) {
    throw new InvalidFieldError(
      'orderData',
      'ABI-encoded DepositOrder bytes',
      cause instanceof Error ? cause.message : cause,
    )
  }
  return {
    ...decoded,
    token: getAddress(decoded.token),
    engine: getAddress(decoded.engine),
    account: getAddress(decoded.account),
    fee: { ...decoded.fee },
    trade: { ...decoded.trade },
  }
}

function decode(orderData: Hex) {
  return decodeAbiParameters(DEPOSIT_ORDER_ABI, orderData)
}
