import type { SignedMarginIntent } from '@xmargin/intents'
import type { Address, Hex } from 'viem'
import type { TimelineEntry } from '../domain/timeline.ts'

export type SubmitIntentReturnType = { orderId: Hex; duplicate: boolean }

export type HeldIntent = { intent: SignedMarginIntent; receivedAtMs: number }

export type NodeHealth = {
  ok: boolean
  peerId: string
  peers: number
  chains: { chainId: number; block: number; ok: boolean }[]
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
  health(): Promise<NodeHealth>
}
