import type { Hex } from 'viem'

/** Base of every relay failure: a short message, optional details, and the cause. */
export class RelayError extends Error {
  override name = 'RelayError'
  readonly details: string | undefined
  constructor(message: string, options: { details?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.details = options.details
  }
}

/** The bytes are not a Hyperlane message (too short, or a version this relay does not know). */
export class MalformedMessageError extends RelayError {
  override name = 'MalformedMessageError'
}

/** The origin MerkleTreeHook's insertions do not line up with the Dispatch events seen. */
export class MerkleTreeMismatchError extends RelayError {
  override name = 'MerkleTreeMismatchError'
}

/** The route's validator set names a validator whose key the manifest does not hold. */
export class MissingValidatorKeyError extends RelayError {
  override name = 'MissingValidatorKeyError'
}

/**
 * The destination Mailbox refused `process` (ISM rejected the metadata, the recipient reverted, or
 * another relayer delivered it first); `transactionHash` when our transaction was mined and reverted.
 */
export class ProcessRevertedError extends RelayError {
  override name = 'ProcessRevertedError'
  readonly transactionHash: Hex | undefined
  constructor(
    message: string,
    options: { details?: string | undefined; cause?: unknown; transactionHash?: Hex } = {},
  ) {
    super(message, options)
    this.transactionHash = options.transactionHash
  }
}

/**
 * The Mailbox refused `process` because the message is delivered, or about to be: another relayer's
 * `process` is mined or pending (a node estimating gas on its pending block sees it before it is mined).
 */
export class AlreadyDeliveredError extends ProcessRevertedError {
  override name = 'AlreadyDeliveredError'
}
