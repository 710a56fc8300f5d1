import type { TypedDataDefinition } from 'viem'
import { SOLVER_BID_DOMAIN } from './constants.ts'
import type { SolverBid } from './types.ts'

export const SOLVER_BID_TYPES = {
  SolverBid: [
    { name: 'orderId', type: 'bytes32' },
    { name: 'solver', type: 'address' },
    { name: 'feeBps', type: 'uint16' },
    { name: 'expiry', type: 'uint32' },
  ],
} as const

export type SolverBidTypedData = TypedDataDefinition<typeof SOLVER_BID_TYPES, 'SolverBid'>

/** The EIP-712 typed data a solver signs for a bid. */
export function solverBidTypedData(bid: SolverBid): SolverBidTypedData {
  return { domain: SOLVER_BID_DOMAIN, types: SOLVER_BID_TYPES, primaryType: 'SolverBid', message: bid }
}
