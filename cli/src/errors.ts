/**
 * Every failure the CLI reports itself is a {@link CliError}: a stable `code` and a message that fits
 * on one line and tells the user what to do. Failures of an intent itself stay `IntentError`s from
 * `@xmargin/intents`, so their codes reach the user unchanged.
 */
export class CliError extends Error {
  override name = 'CliError'
  readonly code: CliErrorCode

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}

export type CliErrorCode =
  | 'USAGE'
  | 'INPUT'
  | 'OUTPUT'
  | 'KEY'
  | 'KEYSTORE'
  | 'PASSWORD'
  | 'KEY_MISMATCH'
  | 'NO_SIGNATURE'
  | 'BUILD'
  | 'INTERNAL'

/** A flag is missing, malformed or contradicts another. */
export class UsageError extends CliError {
  override name = 'UsageError'
  constructor(message: string) {
    super('USAGE', message)
  }
}

/** A file (or stdin) could not be read. */
export class InputError extends CliError {
  override name = 'InputError'
  constructor(file: string, reason: string, cause?: unknown) {
    super('INPUT', `cannot read ${file}: ${reason}`, { cause })
  }
}

/** A file could not be written. */
export class OutputError extends CliError {
  override name = 'OutputError'
  constructor(file: string, reason: string, cause?: unknown) {
    super('OUTPUT', `cannot write ${file}: ${reason}`, { cause })
  }
}

/** The private key named by `--private-key-env` is missing or is not a key. */
export class KeyError extends CliError {
  override name = 'KeyError'
  constructor(message: string, cause?: unknown) {
    super('KEY', message, { cause })
  }
}

/** The keystore file is not a v3 keystore, or does not decrypt. */
export class KeystoreError extends CliError {
  override name = 'KeystoreError'
  constructor(file: string, reason: string, cause?: unknown) {
    super('KEYSTORE', `${file}: ${reason}`, { cause })
  }
}

/** No password could be obtained (no `--password-env`, no terminal to ask on). */
export class PasswordError extends CliError {
  override name = 'PasswordError'
  constructor(message: string) {
    super('PASSWORD', message)
  }
}

/** The key given is not the intent's `user`, so its signature would never verify. */
export class KeyMismatchError extends CliError {
  override name = 'KeyMismatchError'
  constructor(keyAddress: string, user: string) {
    super('KEY_MISMATCH', `the key is ${keyAddress}, but order.user is ${user}`)
  }
}

/** A signed intent was expected. */
export class NoSignatureError extends CliError {
  override name = 'NoSignatureError'
  constructor(file: string) {
    super('NO_SIGNATURE', `${file}: no signature (sign it first: xmargin intent sign ${file})`)
  }
}

/** Something that cannot happen did: a bug in xmargin, not a mistake of the user. */
export class InternalError extends CliError {
  override name = 'InternalError'
  constructor(message: string) {
    super('INTERNAL', message)
  }
}
