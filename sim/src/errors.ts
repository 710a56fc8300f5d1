/**
 * Every failure the simulator reports is a {@link SimError}: a stable `code`, a one-line message, and
 * for bad configuration the `field` at fault, so that a caller can say exactly what to fix.
 */
export class SimError extends Error {
  override name = 'SimError'
  readonly code: SimErrorCode

  constructor(code: SimErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}

export type SimErrorCode = 'CONFIG' | 'UNKNOWN_SCENARIO' | 'UNKNOWN_MECHANISM' | 'WORKER'

/** A configuration value (a flag, a scenario file, a grid file) is missing, malformed or out of range. */
export class ConfigError extends SimError {
  override name = 'ConfigError'
  readonly field: string

  constructor(field: string, reason: string) {
    super('CONFIG', `${field}: ${reason}`)
    this.field = field
  }
}

/** A scenario name that is neither built in nor a file. */
export class UnknownScenarioError extends SimError {
  override name = 'UnknownScenarioError'
  constructor(name: string, known: readonly string[]) {
    super('UNKNOWN_SCENARIO', `scenario: unknown scenario "${name}" (known: ${known.join(', ')})`)
  }
}

/** A mechanism name that is not implemented. */
export class UnknownMechanismError extends SimError {
  override name = 'UnknownMechanismError'
  constructor(name: string, known: readonly string[]) {
    super('UNKNOWN_MECHANISM', `mechanism: unknown mechanism "${name}" (known: ${known.join(', ')})`)
  }
}

/** A worker thread died or answered with something it should not have. */
export class WorkerError extends SimError {
  override name = 'WorkerError'
  constructor(message: string, cause?: unknown) {
    super('WORKER', message, { cause })
  }
}
