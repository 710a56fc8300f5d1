import type { Hex } from 'viem'
import { marginOrderHashBytes } from './internal/structHashes.ts'
import { bytesToHex32 } from './internal/words.ts'
import type { MarginOrder } from './types.ts'

export type HashMarginOrderReturnType = Hex

/** EIP-712 struct hash of a {@link MarginOrder} (the `orderData` member of the witness). */
export function hashMarginOrder(order: MarginOrder): HashMarginOrderReturnType {
  return bytesToHex32(marginOrderHashBytes(order))
}
