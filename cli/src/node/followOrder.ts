import { setTimeout as sleep } from 'node:timers/promises'
import { NodeRejectedError, NodeUnreachableError } from './errors.ts'
import { fetchIntentStatus } from './fetchIntentStatus.ts'
import { openTimelineEvents } from './timelineEvents.ts'
import type { IntentStatusResponse, TimelineEntryJson } from './wire.ts'

export type FollowOrderParameters = {
  node: string
  /** Lowercase. */
  orderId: string
  /** Ends the follow (Ctrl-C): the generator returns. */
  signal: AbortSignal
  /** When to re-read the order though nothing arrived: a deadline that changes its state by the clock. */
  wakeAtMs: () => number | undefined
}

export type FollowOrderUpdate =
  /**
   * The order as the node holds it: on the first connection, on every reconnection and at every
   * wake. `added` holds its entries not yielded before, so nothing is missed and nothing is repeated.
   */
  | {
      type: 'snapshot'
      snapshot: IntentStatusResponse
      added: TimelineEntryJson[]
      cause: 'connected' | 'reconnected' | 'woken'
    }
  /** A new entry from the event stream. */
  | { type: 'entry'; entry: TimelineEntryJson }
  /** The node was lost and could not be reached again; once per outage, while the retries go on. */
  | { type: 'unreachable'; error: NodeUnreachableError | NodeRejectedError }

const FIRST_RETRY_MS = 250
const MAX_RETRY_MS = 4_000

/**
 * Follows one order across node restarts. Each connection subscribes first, then reads the snapshot,
 * so nothing that happens in between is lost; an entry that arrives both ways is yielded once. A node
 * that cannot be reached on the first connection throws (the caller reports it); later, a lost node is
 * retried with backoff until `signal` aborts.
 */
export async function* followOrder(parameters: FollowOrderParameters): AsyncGenerator<FollowOrderUpdate> {
  const { node, orderId, signal } = parameters
  const seen = new Set<string>()
  const unseen = (entries: readonly TimelineEntryJson[]): TimelineEntryJson[] =>
    entries.filter((entry) => {
      const key = entryKey(entry)
      if (entry.orderId.toLowerCase() !== orderId || seen.has(key)) return false
      seen.add(key)
      return true
    })
  let connected = false
  let outage = false
  let retryMs = FIRST_RETRY_MS
  while (!signal.aborted) {
    const connection = new AbortController()
    const hangUp = (): void => connection.abort()
    signal.addEventListener('abort', hangUp, { once: true })
    try {
      const opened = await connect(node, orderId, connection.signal)
      if (signal.aborted) return
      if (!opened.ok) {
        if (!connected || !isPassing(opened.error)) throw opened.error
        if (!outage) yield { type: 'unreachable', error: opened.error }
        outage = true
        await pause(retryMs, signal)
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS)
        continue
      }
      const { events, snapshot } = opened
      const cause = connected ? 'reconnected' : 'connected'
      connected = true
      outage = false
      retryMs = FIRST_RETRY_MS
      yield { type: 'snapshot', snapshot, added: unseen(snapshot.timeline), cause }
      yield* readUntilLost(events, { ...parameters, signal: connection.signal }, unseen)
    } finally {
      signal.removeEventListener('abort', hangUp)
      connection.abort()
    }
    // The stream ended or broke (the node restarting, most likely): reconnect after a breath.
    await pause(FIRST_RETRY_MS, signal)
  }
}

type Connection =
  | { ok: true; events: AsyncGenerator<TimelineEntryJson>; snapshot: IntentStatusResponse }
  | { ok: false; error: unknown }

async function connect(node: string, orderId: string, signal: AbortSignal): Promise<Connection> {
  try {
    const events = await openTimelineEvents(node, orderId, signal)
    return { ok: true, events, snapshot: await fetchIntentStatus(node, orderId, signal) }
  } catch (error) {
    return { ok: false, error }
  }
}

/** Yields the stream's entries, and a fresh snapshot at each wake, until the stream is lost. */
async function* readUntilLost(
  events: AsyncGenerator<TimelineEntryJson>,
  parameters: FollowOrderParameters,
  unseen: (entries: readonly TimelineEntryJson[]) => TimelineEntryJson[],
): AsyncGenerator<FollowOrderUpdate> {
  const { node, orderId, signal } = parameters
  let pending = events.next()
  let wokeAtMs = Number.NEGATIVE_INFINITY
  for (;;) {
    const wakeAt = parameters.wakeAtMs()
    let next: IteratorResult<TimelineEntryJson> | 'wake'
    try {
      // At most one re-read a second, should the caller's clock still say a change is due.
      next = await nextOrWake(pending, wakeAt === undefined ? undefined : Math.max(wakeAt, wokeAtMs + 1_000))
    } catch (error) {
      if (isPassing(error)) return
      throw error
    }
    if (next === 'wake') {
      wokeAtMs = Date.now()
      let snapshot: IntentStatusResponse
      try {
        snapshot = await fetchIntentStatus(node, orderId, signal)
      } catch (error) {
        if (signal.aborted || isPassing(error)) return
        throw error
      }
      yield { type: 'snapshot', snapshot, added: unseen(snapshot.timeline), cause: 'woken' }
      continue
    }
    if (next.done === true) return
    pending = events.next()
    for (const entry of unseen([next.value])) yield { type: 'entry', entry }
  }
}

function nextOrWake<T>(pending: Promise<T>, wakeAtMs: number | undefined): Promise<T | 'wake'> {
  if (wakeAtMs === undefined) return pending
  let timer: NodeJS.Timeout | undefined
  const wake = new Promise<'wake'>((resolve) => {
    timer = setTimeout(() => resolve('wake'), Math.max(0, wakeAtMs - Date.now()))
  })
  return Promise.race([pending, wake]).finally(() => clearTimeout(timer))
}

/** Failures a later attempt may not meet: the node gone, busy (429) or failing (5xx) for now. */
function isPassing(error: unknown): error is NodeUnreachableError | NodeRejectedError {
  if (error instanceof NodeUnreachableError) return true
  return error instanceof NodeRejectedError && (error.status === 429 || error.status >= 500)
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined)
}

/** What makes an entry itself; detail keys sorted, so a stored entry and a live one compare equal. */
function entryKey(entry: TimelineEntryJson): string {
  const detail = Object.entries(entry.detail).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify([entry.kind, entry.atMs, entry.actor, entry.chainId, entry.txHash, detail])
}
