import type { SignedMarginIntent } from '@xmargin/intents'
import type { Address, Hex } from 'viem'
import type { TimelineEntry } from '../domain/timeline.ts'

export type SubmitIntentReturnType = { orderId: Hex; duplicate: boolean }

export type HeldIntent = { intent: SignedMarginIntent; receivedAtMs: number }

/** One chain as the node last saw it. */
export type ChainHealthJson = {
  chainId: number
  /** The latest block number the chain answered with; `null` until it has answered once. */
  block: number | null
  /** Milliseconds since the chain last answered; `null` until it has answered once. */
  ageMs: number | null
  /** It answered recently enough (not stale). */
  ok: boolean
}

export type NodeHealth = {
  /** No reasons: fit to serve. */
  ok: boolean
  /** The node's configured `name`. */
  name: string
  /** Why the node is not ok, one line each (e.g. `no peers`, `chain 31337: no answer since …`). */
  reasons: string[]
  peerId: string
  peers: number
  chains: ChainHealthJson[]
  solver: Address
}

/** A listener for every new timeline entry of any order; returns nothing, must not throw. */
export type TimelineListener = (entry: TimelineEntry) => void

/**
 * What the HTTP API needs from the node, and nothing more: the API is a thin edge that converts wire
 * text to calls and results to wire DTOs. Tests give it a stub.
 */
export type ApiNode = {
  /**
   * Validates the signed intent JSON (the exact bytes received) and, if new, accepts and gossips it.
   * Throws a `SolverError` (or an `IntentError` from the codec) whose code and field say what is wrong.
   */
  submitIntent(json: string): Promise<SubmitIntentReturnType>
  /** The order's timeline, oldest first; `undefined` for an order this node has never heard of. */
  timeline(orderId: Hex): TimelineEntry[] | undefined
  intent(orderId: Hex): HeldIntent | undefined
  /** Subscribes to new timeline entries of all orders; the returned function unsubscribes. */
  subscribe(listener: TimelineListener): () => void
  /** From cached state, never a chain read: `/healthz` must answer while a chain stalls. */
  health(): NodeHealth
}
