import type { TimelineEntry, TimelineKind } from './timeline.ts'

export type OrderStatusOfParameters = { timeline: readonly Pick<TimelineEntry, 'kind'>[] }

/** The timeline's furthest stage; `undefined` for an empty timeline. */
export type OrderStatusOfReturnType = TimelineKind | undefined

/**
 * How far each kind takes an order. The chain watcher reports the origin and the destination in no
 * order relative to each other (the engine's `expired` can land after the vault's `refunded`), so
 * the status is the furthest stage reached, not the last entry to arrive. Kinds that share a stage
 * happen on one chain or on this node, where arrival order is the order they happened in.
 */
const STAGE: Readonly<Record<TimelineKind, number>> = {
  received: 0,
  bid: 1,
  // The auction's churn on this node: a fade, a new winner, its failed attempt.
  won: 2,
  faded: 2,
  failed: 2,
  lapsed: 3,
  opened: 4,
  // Destination: the fill and the `Locked` message, or the expiry — never both fill and expiry.
  filled: 5,
  backed: 5,
  expired: 5,
  // Origin: the answer to what the destination sent back.
  'fee-paid': 6,
  refunded: 6,
  closed: 7,
  liquidated: 7,
  'debt-settled': 8,
  'withdrawal-requested': 8,
  seized: 9,
  released: 9,
}

/** Where an order stands on this node: the furthest stage its timeline reached, the latest on a tie. */
export function orderStatusOf({ timeline }: OrderStatusOfParameters): OrderStatusOfReturnType {
  let status: TimelineKind | undefined
  for (const { kind } of timeline) if (status === undefined || STAGE[kind] >= STAGE[status]) status = kind
  return status
}
