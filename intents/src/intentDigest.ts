import type { Hex } from 'viem'
import { intentHashesBytes } from './internal/structHashes.ts'
import { bytesToHex32 } from './internal/words.ts'
import type { MarginIntent } from './types.ts'

export type IntentDigestReturnType = { orderId: Hex; digest: Hex }

/**
 * The digest the trader signs: Permit2's `PermitWitnessTransferFrom` (token and amount of the
 * collateral, spender = origin vault, nonce, deadline = `openDeadline`) with the intent as witness,
 * under Permit2's domain on the origin chain. The destination engine recomputes exactly this.
 */
export function intentDigest(intent: MarginIntent): IntentDigestReturnType {
  const { orderId, digest } = intentHashesBytes(intent)
  return { orderId: bytesToHex32(orderId), digest: bytesToHex32(digest) }
}
