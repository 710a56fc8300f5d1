import type { Hex } from 'viem'
import { bytesToHex32 } from '../internal/words.ts'
import { depositOrderHashBytes } from './internal/structHashes.ts'
import type { DepositOrder } from './types.ts'

export type HashDepositOrderReturnType = Hex

/** EIP-712 struct hash of a {@link DepositOrder} (the witness's `orderData` member). */
export function hashDepositOrder(order: DepositOrder): HashDepositOrderReturnType {
  return bytesToHex32(depositOrderHashBytes(order))
}
