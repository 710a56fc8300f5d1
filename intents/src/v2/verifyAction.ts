import { type Address, getAddress, type Hex } from 'viem'
import type { InvalidSignatureError, SignerMismatchError } from '../errors.ts'
import type { RecoverPublicKey } from '../internal/recover.ts'
import { requireSigner } from '../internal/recoverSigner.ts'
import { bytesToHex32 } from '../internal/words.ts'
import type { SignatureRuleError } from './errors.ts'
import { parseRuleSignature, requireContractSignature } from './internal/signatureRule.ts'
import { actionHashesBytes } from './internal/structHashes.ts'
import type { SignedAction } from './types.ts'
import { type ValidateActionErrorType, type ValidateActionOptions, validateAction } from './validateAction.ts'

export type VerifyActionOptions = ValidateActionOptions & {
  /**
   * `message.account` has code (a contract wallet, read on the destination chain): the result says
   * `needsErc1271` and the caller asks its `isValidSignature(digest, signature)` on chain.
   */
  signerHasCode?: boolean
  /** secp256k1 recovery to use; defaults to libsecp256k1 when its binding loads, else noble. */
  recoverPublicKey?: RecoverPublicKey
}

/** An EOA's signature, checked by the signature rule and recovered to `message.account`. */
export type ActionVerifiedBySignature = {
  needsErc1271: false
  /** Always `message.account`, checksummed. */
  signer: Address
  /** The action's EIP-712 struct hash. */
  actionHash: Hex
  /** The digest signed under the engine's domain. */
  digest: Hex
}

/** A contract wallet's signature: valid only if `wallet.isValidSignature(digest, signature)` says so on chain. */
export type ActionNeedsErc1271 = {
  needsErc1271: true
  /** `message.account`, the contract to ask. */
  wallet: Address
  actionHash: Hex
  digest: Hex
}

export type VerifyActionReturnType = ActionVerifiedBySignature | ActionNeedsErc1271

export type VerifyActionErrorType =
  | ValidateActionErrorType
  | SignatureRuleError
  | InvalidSignatureError
  | SignerMismatchError

/**
 * Verifies a signed action as the engine does before it runs it: every rule of
 * {@link validateAction}, then the signature rule (65 bytes, `v` ∈ {27, 28}, low `s`), recovering
 * to `message.account`. With `signerHasCode`, the ERC-1271 call is left to the caller.
 */
export function verifyAction(
  signed: SignedAction,
  options?: VerifyActionOptions & { signerHasCode?: false },
): ActionVerifiedBySignature
export function verifyAction(
  signed: SignedAction,
  options: VerifyActionOptions & { signerHasCode: true },
): ActionNeedsErc1271
export function verifyAction(signed: SignedAction, options?: VerifyActionOptions): VerifyActionReturnType
export function verifyAction(
  signed: SignedAction,
  options: VerifyActionOptions = {},
): VerifyActionReturnType {
  validateAction({ action: signed, chainId: signed.chainId, engine: signed.engine }, options)
  const account = signed.message.account
  if (options.signerHasCode === true) {
    requireContractSignature(signed.signature)
    const { actionHash, digest } = actionHashesBytes(signed, signed)
    return {
      needsErc1271: true,
      wallet: getAddress(account),
      actionHash: bytesToHex32(actionHash),
      digest: bytesToHex32(digest),
    }
  }
  const signature = parseRuleSignature(signed.signature)
  const { actionHash, digest } = actionHashesBytes(signed, signed)
  const signer = requireSigner(digest, signature, 'message.account', account, options.recoverPublicKey)
  return { needsErc1271: false, signer, actionHash: bytesToHex32(actionHash), digest: bytesToHex32(digest) }
}
