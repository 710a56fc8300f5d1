import { type Hex, numberToBytes } from 'viem'
import type { ParsedSignature } from '../../internal/signature.ts'
import { putHex } from '../../internal/words.ts'
import { MAX_SIGNATURE_BYTES } from '../constants.ts'
import { SignatureRuleError } from '../errors.ts'

/** secp256k1n / 2: the largest `s` EIP-2 (and OpenZeppelin's ECDSA) accepts. */
export const SECP256K1_HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n
export const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

const HALF_ORDER_BYTES = numberToBytes(SECP256K1_HALF_ORDER, { size: 32 })

const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/

/**
 * Applies the signature rule to an EOA's signature: exactly 65 bytes `r ‖ s ‖ v`, `v` ∈ {27, 28},
 * `s` ≤ secp256k1n / 2. Whether it recovers to the signer is the caller's next step. Throws a
 * {@link SignatureRuleError} naming the part of the rule broken.
 */
export function parseRuleSignature(signature: Hex): ParsedSignature {
  if (typeof signature !== 'string' || !HEX_BYTES.test(signature)) {
    throw new SignatureRuleError('format', 'expected 0x-prefixed hex bytes')
  }
  const length = (signature.length - 2) / 2
  if (length === 64) {
    throw new SignatureRuleError(
      'length',
      'a 64-byte compact signature (EIP-2098) is refused: the signature rule needs 65 bytes r ‖ s ‖ v',
    )
  }
  if (length !== 65) {
    throw new SignatureRuleError('length', `expected 65 bytes r ‖ s ‖ v, got ${length}`)
  }
  const v = Number.parseInt(signature.slice(130), 16)
  if (v !== 27 && v !== 28) throw new SignatureRuleError('v', `v must be 27 or 28, got ${v}`)
  const compact = new Uint8Array(64)
  putHex(compact, 0, signature, 64)
  if (isHighS(compact)) {
    throw new SignatureRuleError(
      'low-s',
      's is in the upper half of the curve order (EIP-2 high-s); sign again',
    )
  }
  return { compact, recoveryId: v - 27 }
}

/** `s` (bytes 32…63) > secp256k1n / 2, compared big-endian without building a bigint. */
function isHighS(compact: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) {
    const byte = compact[32 + i] as number
    const limit = HALF_ORDER_BYTES[i] as number
    if (byte !== limit) return byte > limit
  }
  return false
}

/**
 * A contract wallet's signature is whatever its `isValidSignature` accepts, checked on chain; off
 * chain only its form is checked: hex bytes, at most {@link MAX_SIGNATURE_BYTES}.
 */
export function requireContractSignature(signature: Hex): void {
  if (typeof signature !== 'string' || !HEX_BYTES.test(signature)) {
    throw new SignatureRuleError('format', 'expected 0x-prefixed hex bytes')
  }
  const length = (signature.length - 2) / 2
  if (length > MAX_SIGNATURE_BYTES) {
    throw new SignatureRuleError('length', `${length} bytes exceeds the ${MAX_SIGNATURE_BYTES}-byte limit`)
  }
}
