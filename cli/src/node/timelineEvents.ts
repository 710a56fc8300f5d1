import { NodeUnreachableError } from './errors.ts'
import { parseJsonOrUndefined, rejected, unreachable } from './requestNode.ts'
import { isTimelineEntry, type TimelineEntryJson } from './wire.ts'

// The node sends a heartbeat comment every 15 s: three missed mean the connection is dead, even when
// no TCP reset ever arrives (a laptop that slept, a NAT that forgot us).
export const STREAM_IDLE_MS = 45_000

/**
 * Opens `GET /v1/events?orderId=…` and yields each timeline entry until the node closes the stream
 * (the generator ends) or `signal` aborts (it ends too). Resolves once the node has answered, which it
 * does only after the subscription is live. A broken or silent stream throws
 * {@link NodeUnreachableError}.
 */
export async function openTimelineEvents(
  node: string,
  orderId: string,
  signal: AbortSignal,
): Promise<AsyncGenerator<TimelineEntryJson>> {
  const idle = new IdleTimer(node)
  // A stream given up on before it was read must not leave its timer behind.
  signal.addEventListener('abort', () => idle.stop(), { once: true })
  let response: Response
  try {
    response = await fetch(`${node}/v1/events?orderId=${orderId}`, {
      signal: AbortSignal.any([signal, idle.signal]),
      headers: { accept: 'text/event-stream' },
    })
  } catch (error) {
    idle.stop()
    throw idle.error ?? unreachable(node, error)
  }
  if (!response.ok || response.body === null) {
    idle.stop()
    const text = await response.text().catch(() => '')
    throw rejected(node, response.status, parseJsonOrUndefined(text))
  }
  return readTimelineEvents(response.body, idle, node)
}

async function* readTimelineEvents(
  stream: ReadableStream<Uint8Array>,
  idle: IdleTimer,
  node: string,
): AsyncGenerator<TimelineEntryJson> {
  let buffered = ''
  try {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      idle.reset()
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
    if (idle.error !== undefined) throw idle.error
    if (error instanceof Error && error.name === 'AbortError') return
    throw unreachable(node, error)
  } finally {
    idle.stop()
  }
}

/** Aborts the request when nothing, not even a heartbeat, arrived for {@link STREAM_IDLE_MS}. */
class IdleTimer {
  readonly #controller = new AbortController()
  readonly #node: string
  #timer: NodeJS.Timeout
  error: NodeUnreachableError | undefined

  constructor(node: string) {
    this.#node = node
    this.#timer = this.#start()
  }

  get signal(): AbortSignal {
    return this.#controller.signal
  }

  reset(): void {
    clearTimeout(this.#timer)
    this.#timer = this.#start()
  }

  stop(): void {
    clearTimeout(this.#timer)
  }

  #start(): NodeJS.Timeout {
    // unref: a stream nobody reads any more must not keep the process alive.
    return setTimeout(() => {
      this.error = new NodeUnreachableError(this.#node, `nothing heard for ${STREAM_IDLE_MS / 1000} s`)
      this.#controller.abort(this.error)
    }, STREAM_IDLE_MS).unref()
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
