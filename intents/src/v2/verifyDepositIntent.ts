import { type Address, getAddress, type Hex } from 'viem'
import type { InvalidSignatureError, SignerMismatchError } from '../errors.ts'
import type { RecoverPublicKey } from '../internal/recover.ts'
import { requireSigner } from '../internal/recoverSigner.ts'
import { bytesToHex32 } from '../internal/words.ts'
import type { SignatureRuleError } from './errors.ts'
import { parseRuleSignature, requireContractSignature } from './internal/signatureRule.ts'
import { depositIntentHashesBytes } from './internal/structHashes.ts'
import type { SignedDepositIntent } from './types.ts'
import {
  type ValidateDepositIntentErrorType,
  type ValidateDepositIntentOptions,
  validateDepositIntent,
} from './validateDepositIntent.ts'

export type VerifyDepositIntentOptions = ValidateDepositIntentOptions & {
  /**
   * `order.user` has code (a contract wallet, read on the origin chain). Its signature is then
   * whatever its ERC-1271 `isValidSignature(digest, signature)` accepts: nothing off chain can
   * decide it, so the result says `needsErc1271` and the caller makes that call.
   */
  signerHasCode?: boolean
  /** secp256k1 recovery to use; defaults to libsecp256k1 when its binding loads, else noble. */
  recoverPublicKey?: RecoverPublicKey
}

/** An EOA's signature, checked by the signature rule and recovered to `order.user`. */
export type DepositIntentVerifiedBySignature = {
  needsErc1271: false
  /** Always `order.user`, checksummed. */
  signer: Address
  /** The witness struct hash. */
  orderId: Hex
  /** The Permit2 digest that was signed. */
  digest: Hex
}

/** A contract wallet's signature: valid only if `wallet.isValidSignature(digest, signature)` says so on chain. */
export type DepositIntentNeedsErc1271 = {
  needsErc1271: true
  /** `order.user`, the contract to ask. */
  wallet: Address
  orderId: Hex
  digest: Hex
}

export type VerifyDepositIntentReturnType = DepositIntentVerifiedBySignature | DepositIntentNeedsErc1271

export type VerifyDepositIntentErrorType =
  | ValidateDepositIntentErrorType
  | SignatureRuleError
  | InvalidSignatureError
  | SignerMismatchError

/**
 * Verifies a signed deposit intent the way the vault and the engine do: every rule of
 * {@link validateDepositIntent}, then the signature rule: 65 bytes `r ‖ s ‖ v`, `v` ∈ {27, 28},
 * low `s`, recovering to `order.user`. High-s and 64-byte compact signatures, which Permit2 alone
 * would accept, are refused with a {@link SignatureRuleError}. With `signerHasCode`, the signature's
 * form is checked and the ERC-1271 call is left to the caller.
 */
export function verifyDepositIntent(
  signed: SignedDepositIntent,
  options?: VerifyDepositIntentOptions & { signerHasCode?: false },
): DepositIntentVerifiedBySignature
export function verifyDepositIntent(
  signed: SignedDepositIntent,
  options: VerifyDepositIntentOptions & { signerHasCode: true },
): DepositIntentNeedsErc1271
export function verifyDepositIntent(
  signed: SignedDepositIntent,
  options?: VerifyDepositIntentOptions,
): VerifyDepositIntentReturnType
export function verifyDepositIntent(
  signed: SignedDepositIntent,
  options: VerifyDepositIntentOptions = {},
): VerifyDepositIntentReturnType {
  const { order } = signed
  validateDepositIntent(order, options)
  if (options.signerHasCode === true) {
    requireContractSignature(signed.signature)
    const { orderId, digest } = depositIntentHashesBytes(order)
    return {
      needsErc1271: true,
      wallet: getAddress(order.user),
      orderId: bytesToHex32(orderId),
      digest: bytesToHex32(digest),
    }
  }
  const signature = parseRuleSignature(signed.signature)
  const { orderId, digest } = depositIntentHashesBytes(order)
  const signer = requireSigner(digest, signature, 'order.user', order.user, options.recoverPublicKey)
  return { needsErc1271: false, signer, orderId: bytesToHex32(orderId), digest: bytesToHex32(digest) }
}
