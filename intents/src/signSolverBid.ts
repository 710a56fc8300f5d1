import type { LocalAccount } from 'viem'
import { AccountMismatchError } from './errors.ts'
import { hashSolverBid } from './hashSolverBid.ts'
import { solverBidTypedData } from './solverBidTypedData.ts'
import type { SignedSolverBid, SolverBid } from './types.ts'
import { validateSolverBid } from './validateSolverBid.ts'

export type SignSolverBidParameters = { bid: SolverBid; account: LocalAccount }
export type SignSolverBidReturnType = SignedSolverBid

/** Signs a bid with the solver's key; the bid's `solver` must be that key's address. */
export async function signSolverBid({
  bid,
  account,
}: SignSolverBidParameters): Promise<SignSolverBidReturnType> {
  validateSolverBid(bid)
  if (account.address.toLowerCase() !== bid.solver.toLowerCase()) {
    throw new AccountMismatchError('bid.solver', bid.solver, account.address)
  }
  // The same signature as signTypedData (deterministic, over the same digest), from the fast hashes:
  // a node signs a bid per auction, and viem's generic EIP-712 encoder is most of that cost.
  const signature =
    account.sign === undefined
      ? await account.signTypedData(solverBidTypedData(bid))
      : await account.sign({ hash: hashSolverBid(bid).digest })
  return { bid, signature }
}
