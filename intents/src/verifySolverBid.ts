import type { Address, Hex } from 'viem'
import type { ExpiredError, InvalidFieldError, InvalidSignatureError, SignerMismatchError } from './errors.ts'
import type { RecoverPublicKey } from './internal/recover.ts'
import { requireSigner } from './internal/recoverSigner.ts'
import { parseSignature } from './internal/signature.ts'
import { SOLVER_BID_DOMAIN_SEPARATOR } from './internal/solverBidDomain.ts'
import { solverBidHashBytes, typedDataDigestBytes } from './internal/structHashes.ts'
import { bytesToHex32 } from './internal/words.ts'
import type { SignedSolverBid } from './types.ts'
import { type ValidateSolverBidOptions, validateSolverBid } from './validateSolverBid.ts'

export type VerifySolverBidOptions = ValidateSolverBidOptions & { recoverPublicKey?: RecoverPublicKey }
export type VerifySolverBidReturnType = { solver: Address; bidHash: Hex }
export type VerifySolverBidErrorType =
  | InvalidFieldError
  | ExpiredError
  | InvalidSignatureError
  | SignerMismatchError

/** Verifies a gossiped bid: field rules, then the EIP-712 signature, which must recover to `bid.solver`. */
export function verifySolverBid(
  signed: SignedSolverBid,
  options: VerifySolverBidOptions = {},
): VerifySolverBidReturnType {
  validateSolverBid(signed.bid, options)
  const signature = parseSignature(signed.signature)
  const bidHash = solverBidHashBytes(signed.bid)
  const digest = typedDataDigestBytes(SOLVER_BID_DOMAIN_SEPARATOR, bidHash)
  const solver = requireSigner(digest, signature, 'bid.solver', signed.bid.solver, options.recoverPublicKey)
  return { solver, bidHash: bytesToHex32(bidHash) }
}
