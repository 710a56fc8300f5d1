import type { Hex } from 'viem'
import { InvalidSignatureError } from '../errors.ts'
import { putHex } from './words.ts'

export type ParsedSignature = { compact: Uint8Array; recoveryId: number }

/**
 * Splits a 65-byte `r ‖ s ‖ v` signature. Only `v` ∈ {27, 28} is accepted because Permit2's on-chain
 * check hands `v` to `ecrecover` unchanged, where 0 and 1 recover nothing.
 */
export function parseSignature(signature: Hex): ParsedSignature {
  if (typeof signature !== 'string' || signature.length !== 132 || !signature.startsWith('0x')) {
    throw new InvalidSignatureError('expected 65 bytes of 0x-prefixed hex (r ‖ s ‖ v)')
  }
  const compact = new Uint8Array(64)
  let v: number
  try {
    putHex(compact, 0, signature, 64)
    v = Number.parseInt(signature.slice(130), 16)
  } catch (cause) {
    throw new InvalidSignatureError('not hex', cause)
  }
  if (v !== 27 && v !== 28) throw new InvalidSignatureError(`v must be 27 or 28, got ${v}`)
  return { compact, recoveryId: v - 27 }
}
