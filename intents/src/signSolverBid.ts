import type { LocalAccount } from 'viem'
import { AccountMismatchError } from './errors.ts'
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
  return { bid, signature: await account.signTypedData(solverBidTypedData(bid)) }
}
