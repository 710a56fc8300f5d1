import { getAddress } from 'viem'
import type { SignedSolverBid } from './types.ts'

export type StringifySolverBidReturnType = string

/** Canonical compact JSON of a signed bid; round-trips with `parseSolverBid`. */
export function stringifySolverBid({ bid, signature }: SignedSolverBid): StringifySolverBidReturnType {
  return JSON.stringify({
    bid: {
      orderId: bid.orderId.toLowerCase(),
      solver: getAddress(bid.solver),
      feeBps: bid.feeBps,
      expiry: bid.expiry,
    },
    signature: signature.toLowerCase(),
  })
}
