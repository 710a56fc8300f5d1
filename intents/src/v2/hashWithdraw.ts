import type { Hex } from 'viem'
import { bytesToHex32 } from '../internal/words.ts'
import { withdrawHashBytes } from './internal/structHashes.ts'
import type { Withdraw } from './types.ts'

export type HashWithdrawReturnType = Hex

/** EIP-712 struct hash of a {@link Withdraw}. */
export function hashWithdraw(withdraw: Withdraw): HashWithdrawReturnType {
  return bytesToHex32(withdrawHashBytes(withdraw))
}
