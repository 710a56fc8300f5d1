import type { SolverErrorCode } from '../errors.ts'

/**
 * The one map from error code to HTTP status. 400: the intent's own encoding is wrong (resending it
 * unchanged never helps); 422: well-formed, but it breaks a rule of the network or of the origin
 * chain's state; 415: a body the node will not decode (compressed, or an unknown charset); 429: this
 * client is over one of its limits; 5xx: the node's fault, a chain's, or the node is full — the client
 * may retry. Every client mistake is a 4xx: a 500 means a bug.
 */
export const ERROR_STATUS: Readonly<Record<SolverErrorCode, number>> = {
  MALFORMED_JSON: 400,
  TOO_LARGE: 413,
  MISSING_FIELD: 400,
  UNKNOWN_FIELD: 400,
  INVALID_FIELD: 400,
  SAME_CHAIN: 400,
  DEADLINE_ORDER: 400,
  FEE_SCHEDULE: 400,
  INVALID_SIGNATURE: 400,
  SIGNER_MISMATCH: 400,
  ACCOUNT_MISMATCH: 400,
  NON_CANONICAL: 400,
  WRONG_CHAIN: 422,
  EXPIRED: 422,
  UNKNOWN_CHAIN: 422,
  UNKNOWN_SETTLER: 422,
  UNKNOWN_ROUTE: 422,
  UNKNOWN_MARKET: 422,
  NONCE_USED: 422,
  INSUFFICIENT_BALANCE: 422,
  INSUFFICIENT_ALLOWANCE: 422,
  DUPLICATE: 409,
  NOT_FOUND: 404,
  MALFORMED_URL: 400,
  UNSUPPORTED_ENCODING: 415,
  RATE_LIMITED: 429,
  TOO_MANY_STREAMS: 429,
  STREAMS_FULL: 503,
  CHAIN_UNAVAILABLE: 503,
  CONFIG: 500,
  TX_REVERTED: 500,
  TX_FAILED: 500,
  INTERNAL: 500,
}

export function isSolverErrorCode(code: unknown): code is SolverErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code)
}
