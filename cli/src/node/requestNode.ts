// A solver node's HTTP API over plain fetch: one request, its failure as one line.
import { NodeAnswerError, NodeRejectedError, NodeUnreachableError } from './errors.ts'
import { isErrorResponse } from './wire.ts'

export type NodeResponse = { status: number; body: unknown }

// A node that accepts the connection but never answers should not hang the command forever.
export const REQUEST_TIMEOUT_MS = 30_000

/**
 * One request to the node. A 2xx answer resolves with its JSON body; an error answer becomes a
 * {@link NodeRejectedError} worded from its `{code, message, field}`; a node that cannot be reached, a
 * {@link NodeUnreachableError} naming its URL.
 */
export async function requestNode(node: string, path: string, init: RequestInit = {}): Promise<NodeResponse> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
  const signal = init.signal == null ? timeout : AbortSignal.any([init.signal, timeout])
  let response: Response
  let text: string
  try {
    response = await fetch(`${node}${path}`, { ...init, signal })
    text = await response.text()
  } catch (error) {
    throw unreachable(node, error)
  }
  const body = parseJsonOrUndefined(text)
  if (!response.ok) throw rejected(node, response.status, body)
  if (body === undefined) throw new NodeAnswerError(node, `${response.status} with something other than JSON`)
  return { status: response.status, body }
}

/** `<field>: <message> (<code>)`, without repeating the field when the message starts with it. */
export function rejected(node: string, status: number, body: unknown): NodeRejectedError {
  if (!isErrorResponse(body))
    return new NodeRejectedError(`the node at ${node} answered ${status}`, status, undefined)
  const { code, message, field } = body
  const named = field === undefined || message.startsWith(`${field}:`) ? message : `${field}: ${message}`
  return new NodeRejectedError(`${named} (${code})`, status, code)
}

export function unreachable(node: string, error: unknown): NodeUnreachableError {
  if (error instanceof NodeUnreachableError) return error
  if (error instanceof Error && error.name === 'TimeoutError')
    return new NodeUnreachableError(node, `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`, { cause: error })
  const cause = error instanceof Error ? error.cause : undefined
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined
  if (code === 'ECONNREFUSED')
    return new NodeUnreachableError(node, 'connection refused', {
      hint: 'is the node running?',
      cause: error,
    })
  if (code === 'ENOTFOUND') return new NodeUnreachableError(node, 'no such host', { cause: error })
  const reason =
    cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error)
  return new NodeUnreachableError(node, reason, { cause: error })
}

export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
