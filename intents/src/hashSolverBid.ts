import type { Hex } from 'viem'
import { SOLVER_BID_DOMAIN_SEPARATOR } from './internal/solverBidDomain.ts'
import { solverBidHashBytes, typedDataDigestBytes } from './internal/structHashes.ts'
import { bytesToHex32 } from './internal/words.ts'
import type { SolverBid } from './types.ts'

export type HashSolverBidReturnType = { bidHash: Hex; digest: Hex }

/** The bid's EIP-712 struct hash (its id on the bids topic) and the digest the solver signs. */
export function hashSolverBid(bid: SolverBid): HashSolverBidReturnType {
  const structHash = solverBidHashBytes(bid)
  return {
    bidHash: bytesToHex32(structHash),
    digest: bytesToHex32(typedDataDigestBytes(SOLVER_BID_DOMAIN_SEPARATOR, structHash)),
  }
}
