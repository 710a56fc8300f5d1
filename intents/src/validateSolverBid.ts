import { isAddress } from 'viem'
import { BPS } from './constants.ts'
import { ExpiredError, InvalidFieldError } from './errors.ts'
import type { SolverBid } from './types.ts'

export type ValidateSolverBidOptions = {
  /** Unix seconds; when given, an expired bid is rejected. */
  now?: number
}

const BYTES32 = /^0x[0-9a-fA-F]{64}$/

/** Field rules of a bid apart from its signature; throws a typed error naming the field. */
export function validateSolverBid(bid: SolverBid, options: ValidateSolverBidOptions = {}): void {
  if (typeof bid.orderId !== 'string' || !BYTES32.test(bid.orderId)) {
    throw new InvalidFieldError('bid.orderId', '32 bytes of 0x-prefixed hex', bid.orderId)
  }
  if (typeof bid.solver !== 'string' || !isAddress(bid.solver, { strict: false })) {
    throw new InvalidFieldError('bid.solver', 'a 20-byte hex address', bid.solver)
  }
  if (!Number.isInteger(bid.feeBps) || bid.feeBps < 0 || bid.feeBps > BPS) {
    throw new InvalidFieldError('bid.feeBps', `an integer from 0 to ${BPS}`, bid.feeBps)
  }
  if (!Number.isInteger(bid.expiry) || bid.expiry < 0 || bid.expiry > 2 ** 32 - 1) {
    throw new InvalidFieldError('bid.expiry', 'unix seconds (uint32)', bid.expiry)
  }
  if (options.now !== undefined && options.now > bid.expiry)
    throw new ExpiredError('bid.expiry', bid.expiry, options.now)
}
