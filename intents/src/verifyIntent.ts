import type { Address, Hex } from 'viem'
import type { InvalidSignatureError, SignerMismatchError } from './errors.ts'
import type { RecoverPublicKey } from './internal/recover.ts'
import { requireSigner } from './internal/recoverSigner.ts'
import { parseSignature } from './internal/signature.ts'
import { intentHashesBytes } from './internal/structHashes.ts'
import { bytesToHex32 } from './internal/words.ts'
import type { SignedMarginIntent } from './types.ts'
import { type ValidateIntentErrorType, type ValidateIntentOptions, validateIntent } from './validateIntent.ts'

export type VerifyIntentOptions = ValidateIntentOptions & {
  /** secp256k1 recovery to use; defaults to libsecp256k1 when its binding loads, else noble. */
  recoverPublicKey?: RecoverPublicKey
}

export type VerifyIntentReturnType = {
  /** The trader who signed: always `order.user`, checksummed. */
  signer: Address
  /** The intent's orderId (the witness struct hash). */
  orderId: Hex
  /** The Permit2 digest that was signed. */
  digest: Hex
}

export type VerifyIntentErrorType = ValidateIntentErrorType | InvalidSignatureError | SignerMismatchError

/**
 * Verifies a signed intent the way a node must before forwarding it: every rule of
 * {@link validateIntent}, then the Permit2 witness signature, which must recover to `order.user`.
 * Throws a typed error naming the rule that failed.
 *
 * This is the hot path of every node (each gossiped intent passes through it): struct hashes are
 * written word by word into reused buffers and recovery runs on libsecp256k1 where available.
 */
export function verifyIntent(
  signed: SignedMarginIntent,
  options: VerifyIntentOptions = {},
): VerifyIntentReturnType {
  const { order } = signed
  validateIntent(order, options)
  const signature = parseSignature(signed.signature)
  const { orderId, digest } = intentHashesBytes(order)
  const signer = requireSigner(digest, signature, 'order.user', order.user, options.recoverPublicKey)
  return { signer, orderId: bytesToHex32(orderId), digest: bytesToHex32(digest) }
}
