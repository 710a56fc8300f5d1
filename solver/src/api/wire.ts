import type { IntentJson } from '@xmargin/intents'
import type { Hex } from 'viem'
import type { TimelineEntry, TimelineKind } from '../domain/timeline.ts'
import type { SolverErrorCode } from '../errors.ts'
import type { NodeHealth } from './apiNode.ts'

// The HTTP API's JSON shapes. bigint never crosses the wire: it travels as a decimal string.

/** `POST /v1/intents`: 202 `accepted`, 200 `duplicate` (the node already had it). */
export type SubmitIntentResponse = { orderId: Hex; status: 'accepted' | 'duplicate' }

export type TimelineEntryJson = Omit<TimelineEntry, 'blockNumber'> & { blockNumber?: string }

/** `GET /v1/intents/:orderId`. */
export type IntentStatusResponse = {
  orderId: Hex
  /** The furthest stage the timeline reached (`orderStatusOf`), not the last entry to arrive. */
  status: TimelineKind
  /** The signed intent in canonical JSON; `null` when this node saw only chain events for the order. */
  intent: IntentJson | null
  receivedAtMs: number | null
  timeline: TimelineEntryJson[]
}

/** `GET /healthz` (200 when `ok`, else 503). */
export type HealthResponse = NodeHealth

/** Every error response. */
export type ErrorResponse = { code: SolverErrorCode; message: string; field?: string }

export function toTimelineEntryJson(entry: TimelineEntry): TimelineEntryJson {
  const { blockNumber, ...rest } = entry
  return blockNumber === undefined ? rest : { ...rest, blockNumber: blockNumber.toString() }
}
