// The node's HTTP API shapes, repeated from solver/src/api/wire.ts on purpose: the CLI must not depend
// on the node's internals. Each guard checks what the CLI reads, at the boundary.

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

/** `POST /v1/intents`. */
export type SubmitIntentResponse = { orderId: string; status: 'accepted' | 'duplicate' }

/** `GET /v1/intents/:orderId`; `intent` is the signed intent's canonical JSON, or null. */
export type IntentStatusResponse = {
  orderId: string
  status: string
  intent: unknown
  receivedAtMs: number | null
  timeline: TimelineEntryJson[]
}

export type ErrorResponse = { code: string; message: string; field?: string }

export function isTimelineEntry(value: unknown): value is TimelineEntryJson {
  return (
    isObject(value) &&
    typeof value.orderId === 'string' &&
    typeof value.kind === 'string' &&
    typeof value.atMs === 'number' &&
    isObject(value.detail) &&
    (value.actor === undefined || typeof value.actor === 'string') &&
    (value.chainId === undefined || typeof value.chainId === 'number') &&
    (value.txHash === undefined || typeof value.txHash === 'string')
  )
}

export function isIntentStatusResponse(value: unknown): value is IntentStatusResponse {
  return (
    isObject(value) &&
    typeof value.orderId === 'string' &&
    typeof value.status === 'string' &&
    'intent' in value &&
    (value.receivedAtMs === null || typeof value.receivedAtMs === 'number') &&
    Array.isArray(value.timeline) &&
    value.timeline.every(isTimelineEntry)
  )
}

export function isSubmitIntentResponse(value: unknown): value is SubmitIntentResponse {
  return (
    isObject(value) &&
    typeof value.orderId === 'string' &&
    (value.status === 'accepted' || value.status === 'duplicate')
  )
}

export function isErrorResponse(value: unknown): value is ErrorResponse {
  return (
    isObject(value) &&
    typeof value.code === 'string' &&
    typeof value.message === 'string' &&
    (value.field === undefined || typeof value.field === 'string')
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
