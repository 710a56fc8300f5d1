import type { Hex } from 'viem'
import { bytesToHex32 } from '../internal/words.ts'
import { depositIntentHashesBytes } from './internal/structHashes.ts'
import type { DepositIntent } from './types.ts'

export type DepositIntentDigestReturnType = { orderId: Hex; digest: Hex }

/**
 * The digest the trader signs (Permit2's `PermitWitnessTransferFrom` with the intent as witness,
 * under Permit2's domain on the origin chain) and the orderId, in one pass. The vault and the engine
 * recompute exactly this digest to apply the signature rule.
 */
export function depositIntentDigest(intent: DepositIntent): DepositIntentDigestReturnType {
  const { orderId, digest } = depositIntentHashesBytes(intent)
  return { orderId: bytesToHex32(orderId), digest: bytesToHex32(digest) }
}
