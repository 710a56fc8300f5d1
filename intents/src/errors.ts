/**
 * Every failure of this package is an {@link IntentError} with a stable machine-readable `code`
 * (HTTP APIs and the CLI map codes, never messages) and, where one field is to blame, its `field` path
 * (`order.orderData.fee.maxBps`).
 */
export class IntentError extends Error {
  override name = 'IntentError'
  readonly code: IntentErrorCode
  readonly field: string | undefined
  readonly details: Record<string, unknown>

  constructor(
    code: IntentErrorCode,
    message: string,
    options: { field?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.field = options.field
    this.details = options.details ?? {}
  }
}

export type IntentErrorCode =
  | 'MALFORMED_JSON'
  | 'TOO_LARGE'
  | 'MISSING_FIELD'
  | 'UNKNOWN_FIELD'
  | 'INVALID_FIELD'
  | 'SAME_CHAIN'
  | 'WRONG_CHAIN'
  | 'DEADLINE_ORDER'
  | 'EXPIRED'
  | 'FEE_SCHEDULE'
  | 'INVALID_SIGNATURE'
  | 'SIGNER_MISMATCH'
  | 'ACCOUNT_MISMATCH'

/** The document is not JSON at all. */
export class MalformedJsonError extends IntentError {
  override name = 'MalformedJsonError'
  constructor(cause: unknown) {
    super('MALFORMED_JSON', `not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    })
  }
}

/**
 * A key appears twice in one object. JSON.parse keeps the last, another reader may keep the first: a
 * signed document must mean one thing to everyone.
 */
export class DuplicateKeyError extends IntentError {
  override name = 'DuplicateKeyError'
  constructor(field: string) {
    super('MALFORMED_JSON', `${field}: duplicate key (each key may appear once per object)`, { field })
  }
}

const MAX_LITERAL_CHARS = 40

/**
 * A number written other than as a plain integer literal (`1.0`, `1e3`, `01`, `-0`): JSON.parse reads
 * such forms as integers, so many texts would carry the one signed value.
 */
export class NumberLiteralError extends IntentError {
  override name = 'NumberLiteralError'
  constructor(field: string, literal: string) {
    const shown = literal.length <= MAX_LITERAL_CHARS ? literal : `${literal.slice(0, MAX_LITERAL_CHARS)}…`
    super(
      'INVALID_FIELD',
      `${field}: expected a plain integer literal (no fraction, exponent, leading zero or -0), got ${shown}`,
      { field, details: { literal: shown } },
    )
  }
}

/** The document exceeds the codec's size limit. */
export class TooLargeError extends IntentError {
  override name = 'TooLargeError'
  constructor(bytes: number, limit: number) {
    super('TOO_LARGE', `document is ${bytes} bytes, the limit is ${limit}`, { details: { bytes, limit } })
  }
}

export class MissingFieldError extends IntentError {
  override name = 'MissingFieldError'
  constructor(field: string) {
    super('MISSING_FIELD', `${field}: required field is missing`, { field })
  }
}

/** Unknown fields are rejected so that nobody believes an unsigned field means something. */
export class UnknownFieldError extends IntentError {
  override name = 'UnknownFieldError'
  constructor(field: string) {
    super('UNKNOWN_FIELD', `${field}: unknown field`, { field })
  }
}

/** A field has the wrong type, format or range. */
export class InvalidFieldError extends IntentError {
  override name = 'InvalidFieldError'
  constructor(field: string, expected: string, value?: unknown) {
    super('INVALID_FIELD', `${field}: expected ${expected}`, { field, details: { expected, value } })
  }
}

export class SameChainError extends IntentError {
  override name = 'SameChainError'
  constructor(chainId: bigint) {
    super(
      'SAME_CHAIN',
      `order.orderData.destinationChainId: must differ from the origin chain (${chainId})`,
      {
        field: 'order.orderData.destinationChainId',
        details: { chainId },
      },
    )
  }
}

/** The intent is for another chain or settler than the verifier serves. */
export class WrongChainError extends IntentError {
  override name = 'WrongChainError'
  constructor(field: string, expected: unknown, actual: unknown) {
    super('WRONG_CHAIN', `${field}: expected ${String(expected)}, got ${String(actual)}`, {
      field,
      details: { expected, actual },
    })
  }
}

/** `openDeadline` after `fillDeadline`: the order could be opened when it can no longer be filled. */
export class DeadlineOrderError extends IntentError {
  override name = 'DeadlineOrderError'
  constructor(openDeadline: number, fillDeadline: number) {
    super(
      'DEADLINE_ORDER',
      `order.openDeadline (${openDeadline}) is after order.fillDeadline (${fillDeadline})`,
      {
        field: 'order.openDeadline',
        details: { openDeadline, fillDeadline },
      },
    )
  }
}

export class ExpiredError extends IntentError {
  override name = 'ExpiredError'
  constructor(field: string, deadline: number, now: number) {
    super('EXPIRED', `${field}: deadline ${deadline} has passed (now ${now})`, {
      field,
      details: { deadline, now },
    })
  }
}

export class FeeScheduleError extends IntentError {
  override name = 'FeeScheduleError'
  constructor(field: string, rule: string) {
    super('FEE_SCHEDULE', `${field}: ${rule}`, { field, details: { rule } })
  }
}

/** The signature bytes are malformed or recover no key. */
export class InvalidSignatureError extends IntentError {
  override name = 'InvalidSignatureError'
  constructor(reason: string, cause?: unknown) {
    super('INVALID_SIGNATURE', `signature: ${reason}`, { field: 'signature', cause })
  }
}

/** The signature is well-formed but was made by someone else (or over different terms). */
export class SignerMismatchError extends IntentError {
  override name = 'SignerMismatchError'
  constructor(field: string, expected: string, recovered: string) {
    super('SIGNER_MISMATCH', `signature: signed by ${recovered}, not by ${field} ${expected}`, {
      field: 'signature',
      details: { expected, recovered },
    })
  }
}

/** Refused before signing: the key offered is not the account the document names. */
export class AccountMismatchError extends IntentError {
  override name = 'AccountMismatchError'
  constructor(field: string, expected: string, account: string) {
    super('ACCOUNT_MISMATCH', `${field}: is ${expected}, but the signing key is ${account}`, {
      field,
      details: { expected, account },
    })
  }
}
