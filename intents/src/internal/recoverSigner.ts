import { type Address, bytesToHex, getAddress } from 'viem'
import { InvalidSignatureError, SignerMismatchError } from '../errors.ts'
import { type RecoverPublicKey, recoverAddressBytes } from './recover.ts'
import type { ParsedSignature } from './signature.ts'
import { putHex } from './words.ts'

const expectedBytes = new Uint8Array(20)

/**
 * Recovers the signer of `digest` and checks it is `expected` (named `field` in errors). Returns the
 * checksummed signer. Compares raw bytes so the happy path builds no strings.
 */
export function requireSigner(
  digest: Uint8Array,
  signature: ParsedSignature,
  field: string,
  expected: Address,
  recover?: RecoverPublicKey,
): Address {
  let recovered: Uint8Array
  try {
    recovered = recoverAddressBytes(signature.compact, signature.recoveryId, digest, recover)
  } catch (cause) {
    throw new InvalidSignatureError('does not recover to any public key', cause)
  }
  putHex(expectedBytes, 0, expected, 20)
  for (let i = 0; i < 20; i++) {
    if (recovered[i] !== expectedBytes[i]) {
      throw new SignerMismatchError(field, getAddress(expected), getAddress(bytesToHex(recovered)))
    }
  }
  return getAddress(expected)
}
