import type { IntentErrorCode } from '@xmargin/intents'

/**
 * The closed list of failure codes a node reports: over HTTP (`{code, message, field}`), in logs and in
 * the CLI. HTTP maps each to a status in api/errorStatus.ts; adding a code means deciding its status.
 */
export type SolverErrorCode =
  // the intent or bid itself: @xmargin/intents' codes, passed through unchanged
  | IntentErrorCode
  // the intent parses, but these are not the bytes stringifyIntent gives: only one encoding travels
  | 'NON_CANONICAL'
  // the intent against the network and the origin chain
  | 'UNKNOWN_CHAIN'
  | 'UNKNOWN_SETTLER'
  | 'UNKNOWN_ROUTE'
  | 'UNKNOWN_MARKET'
  | 'NONCE_USED'
  | 'INSUFFICIENT_BALANCE'
  | 'INSUFFICIENT_ALLOWANCE'
  | 'DUPLICATE'
  | 'NOT_FOUND'
  // the HTTP request itself, before any intent is read
  | 'MALFORMED_URL'
  | 'UNSUPPORTED_ENCODING'
  // the node
  | 'RATE_LIMITED'
  | 'TOO_MANY_STREAMS'
  | 'STREAMS_FULL'
  | 'CHAIN_UNAVAILABLE'
  | 'CONFIG'
  | 'TX_REVERTED'
  | 'TX_FAILED'
  | 'INTERNAL'

/** One base error for the node: a short message, the code, the field it names (if any), details, cause. */
export class SolverError extends Error {
  override name = 'SolverError'
  readonly code: SolverErrorCode
  readonly field: string | undefined
  readonly details: Readonly<Record<string, unknown>>

  constructor(
    code: SolverErrorCode,
    message: string,
    options: { field?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.field = options.field
    this.details = options.details ?? {}
  }
}

/** The intent breaks a rule of the network or of the origin chain's state (not of its own encoding). */
export class IntentRejectedError extends SolverError {
  override name = 'IntentRejectedError'
}

/**
 * Well-formed and valid, but not byte for byte the canonical encoding (`stringifyIntent`). Refused
 * before any signature recovery, so re-encoded copies of one intent cost nothing and cannot pass for
 * new messages.
 */
export class NonCanonicalError extends SolverError {
  override name = 'NonCanonicalError'
  constructor(bytes: number, canonicalBytes: number) {
    super(
      'NON_CANONICAL',
      'body: not the canonical encoding of the intent (re-encode it with stringifyIntent)',
      {
        details: { bytes, canonicalBytes },
      },
    )
  }
}

/** The node's configuration is invalid: names the field. */
export class ConfigError extends SolverError {
  override name = 'ConfigError'
  constructor(field: string, message: string) {
    super('CONFIG', `${field}: ${message}`, { field })
  }
}

/** A chain could not be reached or answered nonsense; the caller may retry. */
export class ChainUnavailableError extends SolverError {
  override name = 'ChainUnavailableError'
}

/** A transaction was simulated or mined and reverted; `details.reason` is the decoded error. */
export class TxRevertedError extends SolverError {
  override name = 'TxRevertedError'
}
