import { createRequire } from 'node:module'
import { secp256k1 } from '@noble/curves/secp256k1'
import { keccak } from './keccak.ts'

/** Recovers the 64-byte uncompressed public key (without the 0x04 prefix) from a digest and signature. */
export type RecoverPublicKey = (signature64: Uint8Array, recoveryId: number, digest: Uint8Array) => Uint8Array

type NativeSecp256k1 = {
  ecdsaRecover(signature: Uint8Array, recid: number, message: Uint8Array, compressed: boolean): Uint8Array
}

/** libsecp256k1 through its N-API binding (prebuilt, so it loads on any Node version), if present. */
function loadNative(): RecoverPublicKey | undefined {
  try {
    // The binding module only: the package's own entry silently falls back to a slow pure-JS curve.
    const native = createRequire(import.meta.url)('secp256k1/bindings') as NativeSecp256k1
    return (signature64, recoveryId, digest) =>
      native.ecdsaRecover(signature64, recoveryId, digest, false).subarray(1)
  } catch {
    return undefined
  }
}

/** Pure-JS fallback: the same audited curve code viem uses. */
export const recoverPublicKeyNoble: RecoverPublicKey = (signature64, recoveryId, digest) =>
  secp256k1.Signature.fromCompact(signature64)
    .addRecoveryBit(recoveryId)
    .recoverPublicKey(digest)
    .toRawBytes(false)
    .subarray(1)

export const recoverPublicKeyNative: RecoverPublicKey | undefined = loadNative()

/** Which secp256k1 implementation the fast verifier runs on this machine. */
export const secp256k1Backend: 'libsecp256k1' | 'noble' = recoverPublicKeyNative ? 'libsecp256k1' : 'noble'

const recoverPublicKey: RecoverPublicKey = recoverPublicKeyNative ?? recoverPublicKeyNoble

/** The 20 address bytes (a subarray of a fresh hash) of the key that signed `digest`; throws if none does. */
export function recoverAddressBytes(
  signature64: Uint8Array,
  recoveryId: number,
  digest: Uint8Array,
  recover: RecoverPublicKey = recoverPublicKey,
): Uint8Array {
  return keccak(recover(signature64, recoveryId, digest)).subarray(12)
}
