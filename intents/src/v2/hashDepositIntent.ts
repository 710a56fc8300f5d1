import type { Hex } from 'viem'
import { bytesToHex32 } from '../internal/words.ts'
import { depositIntentHashBytes } from './internal/structHashes.ts'
import type { DepositIntent } from './types.ts'

export type HashDepositIntentReturnType = Hex

/**
 * The deposit's `orderId`: the EIP-712 struct hash of the `GaslessCrossChainOrder` witness. It
 * depends on the signed terms alone, so the vault and the engine compute the same value, and commits
 * to the trader, the origin chain and the Permit2 nonce, so it is unique.
 */
export function hashDepositIntent(intent: DepositIntent): HashDepositIntentReturnType {
  return bytesToHex32(depositIntentHashBytes(intent))
}
