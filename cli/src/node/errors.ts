import { CliError } from '../errors.ts'

/** The node could not be reached at all: refused, no such host, no answer in time, the stream broke. */
export class NodeUnreachableError extends CliError {
  override name = 'NodeUnreachableError'
  /** Why, in a few words (`connection refused`), for a line that names the node itself. */
  readonly reason: string

  constructor(node: string, reason: string, options: { hint?: string; cause?: unknown } = {}) {
    const hint = options.hint === undefined ? '' : ` (${options.hint})`
    super('INPUT', `cannot reach the node at ${node}: ${reason}${hint}`, { cause: options.cause })
    this.reason = reason
  }
}

/** The node answered with an error: its `{code, message, field}` when it sent one. */
export class NodeRejectedError extends CliError {
  override name = 'NodeRejectedError'
  readonly status: number
  /** The node's error code (`NOT_FOUND`, `NON_CANONICAL`, …); undefined when the body was not one. */
  readonly nodeCode: string | undefined

  constructor(message: string, status: number, nodeCode: string | undefined) {
    super('INPUT', message)
    this.status = status
    this.nodeCode = nodeCode
  }
}

/** The node answered 2xx with something that is not what its API promises. */
export class NodeAnswerError extends CliError {
  override name = 'NodeAnswerError'
  constructor(node: string, what: string) {
    super('INPUT', `the node at ${node} answered ${what}`)
  }
}
