import type { Hex } from 'viem'
import { SolverError } from '../errors.ts'

const ORDER_ID = /^0x[0-9a-fA-F]{64}$/

/** An orderId from a URL: 32 bytes of hex, returned lowercase (the form the node keys orders by). */
export function parseOrderId(value: unknown, field = 'orderId'): Hex {
  if (typeof value !== 'string' || !ORDER_ID.test(value))
    throw new SolverError('INVALID_FIELD', `${field}: expected 0x and 64 hex digits`, { field })
  return value.toLowerCase() as Hex
}
