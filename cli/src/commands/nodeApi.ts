// A client for a solver node's HTTP API over plain fetch. The response types repeat the node's wire
// DTOs (solver/src/api/wire.ts) on purpose: the CLI must not depend on the node's internals.
import { CliError, UsageError } from '../errors.ts'

export const DEFAULT_NODE_URL = 'http://127.0.0.1:7400'

export type TimelineEntryJson = {
  orderId: string
  kind: string
  atMs: number
  actor?: string
  chainId?: number
  blockNumber?: string
  txHash?: string
  detail: Record<string, string | number | boolean>
}

export type SubmitIntentResponse = { orderId: string; status: 'accepted' | 'duplicate' }

export type IntentStatusResponse = {
  orderId: string
  status: string
  intent: unknown
  receivedAtMs: number | null
  timeline: TimelineEntryJson[]
}

type ErrorResponse = { code: string; message: string; field?: string }

/** `--node`: an http(s) URL, without a trailing slash. */
export function parseNodeUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`--node ${value}: expected a URL such as ${DEFAULT_NODE_URL}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--node ${value}: expected an http:// or https:// URL`)
  return url.href.replace(/\/+$/, '')
}

export type NodeResponse = { status: number; body: unknown }

// A node that accepts the connection but never answers should not hang the command forever.
const REQUEST_TIMEOUT_MS = 30_000

/**
 * One request to the node. A 2xx answer resolves; an error answer becomes one line from its
 * `{code, message, field}`; a node that cannot be reached is named by its URL.
 */
export async function requestNode(node: string, path: string, init: RequestInit = {}): Promise<NodeResponse> {
  let response: Response
  let text: string
  try {
    response = await fetch(`${node}${path}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
    text = await response.text()
  } catch (error) {
    throw unreachable(node, error)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new CliError(
      'INPUT',
      `the node at ${node} answered ${response.status} with something other than JSON`,
    )
  }
  if (!response.ok) throw nodeError(node, response.status, body)
  return { status: response.status, body }
}

/**
 * Opens `/v1/events` and yields each timeline entry until the node closes the stream or `signal` aborts.
 * Resolves once the node has answered, which it does only after the subscription is live.
 */
export async function openTimelineEvents(
  node: string,
  path: string,
  signal: AbortSignal,
): Promise<AsyncGenerator<TimelineEntryJson>> {
  let response: Response
  try {
    response = await fetch(`${node}${path}`, { signal, headers: { accept: 'text/event-stream' } })
  } catch (error) {
    throw unreachable(node, error)
  }
  if (!response.ok || response.body === null) {
    const text = await response.text().catch(() => '')
    throw nodeError(node, response.status, parseJsonOrUndefined(text))
  }
  return readTimelineEvents(node, response.body)
}

async function* readTimelineEvents(
  node: string,
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<TimelineEntryJson> {
  let buffered = ''
  try {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      buffered += chunk.replace(/\r\n?/g, '\n')
      let end = buffered.indexOf('\n\n')
      while (end >= 0) {
        const entry = timelineEvent(buffered.slice(0, end))
        buffered = buffered.slice(end + 2)
        if (entry !== undefined) yield entry
        end = buffered.indexOf('\n\n')
      }
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') return
    throw unreachable(node, error)
  }
}

// One server-sent event block: `event:` and `data:` lines; lines starting with `:` are comments.
function timelineEvent(block: string): TimelineEntryJson | undefined {
  let name = 'message'
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim()
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart())
  }
  if (name !== 'timeline' || data.length === 0) return undefined
  const entry = parseJsonOrUndefined(data.join('\n'))
  return isTimelineEntry(entry) ? entry : undefined
}

export function isTimelineEntry(value: unknown): value is TimelineEntryJson {
  return (
    typeof value === 'object' &&
    value !== null &&
    'orderId' in value &&
    typeof value.orderId === 'string' &&
    'kind' in value &&
    typeof value.kind === 'string' &&
    'atMs' in value &&
    typeof value.atMs === 'number' &&
    'detail' in value &&
    typeof value.detail === 'object'
  )
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** `<field>: <message> (<code>)`, without repeating the field when the message starts with it. */
function nodeError(node: string, status: number, body: unknown): CliError {
  if (!isErrorResponse(body)) return new CliError('INPUT', `the node at ${node} answered ${status}`)
  const { code, message, field } = body
  const named = field === undefined || message.startsWith(`${field}:`) ? message : `${field}: ${message}`
  return new CliError('INPUT', `${named} (${code})`)
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  return (
    typeof body === 'object' &&
    body !== null &&
    'code' in body &&
    typeof body.code === 'string' &&
    'message' in body &&
    typeof body.message === 'string' &&
    (!('field' in body) || typeof body.field === 'string')
  )
}

function unreachable(node: string, error: unknown): CliError {
  return new CliError('INPUT', `cannot reach the node at ${node}: ${networkReason(error)}`, { cause: error })
}

function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
  const cause = error instanceof Error ? error.cause : undefined
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined
  if (code === 'ECONNREFUSED') return 'connection refused (is the node running?)'
  if (code === 'ENOTFOUND') return 'no such host'
  if (cause instanceof Error) return cause.message
  return error instanceof Error ? error.message : String(error)
}
