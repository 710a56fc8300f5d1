import type { Hex } from 'viem'
import { intentHashBytes } from './internal/structHashes.ts'
import { bytesToHex32 } from './internal/words.ts'
import type { MarginIntent } from './types.ts'

export type HashIntentReturnType = Hex

/**
 * The intent's `orderId`: the EIP-712 struct hash of the `GaslessCrossChainOrder` witness. It depends
 * on nothing but the signed terms, so the vault (origin) and the engine (destination) compute the same
 * value, and it is unique because it commits to the trader, the origin chain and the Permit2 nonce.
 */
export function hashIntent(intent: MarginIntent): HashIntentReturnType {
  return bytesToHex32(intentHashBytes(intent))
}
