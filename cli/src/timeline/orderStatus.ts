import type { TimelineEntryJson } from '../node/wire.ts'
import { dollars, duration, instant, shortHex, units } from './formatValues.ts'

/**
 * Where an order stands for its trader. Not the timeline's kinds: `expired` here is an order nobody
 * opened in time (the engine's `expired` event is part of `refunding`), and the clock alone moves an
 * order from `bidding` to `expired` or from `opened` to `refunding`.
 */
export type OrderState =
  | 'received' // accepted by the node, no bid yet
  | 'bidding' // bids in, no winner due to open (as far as this node knows)
  | 'won' // this node won and is due to open
  | 'expired' // the open deadline passed unopened: the collateral never moved
  | 'opened' // collateral in escrow, the fill is due
  | 'refunding' // opened, not filled by the fill deadline: the refund is owed or on its way
  | 'refunded' // collateral back, the opener slashed
  | 'filled' // position open, the solver's fee not yet paid on the origin
  | 'settled' // position open, the solver paid
  | 'closed' // the trader closed the position
  | 'liquidated' // a keeper closed the position

/** The intent's deadlines, unix seconds. */
export type OrderDeadlines = { openDeadline: number; fillDeadline: number }

export type OrderStatusParameters = {
  timeline: readonly TimelineEntryJson[]
  /** From the signed intent; without it (a node that saw only chain events), from the `opened` entry. */
  deadlines: OrderDeadlines | undefined
  /** The trader's own clock, not the chain's: the CLI reads no chain. */
  nowMs: number
}

export type OrderStatus = {
  state: OrderState
  /** One line for people, `<state>: …`; `--json` carries the same text. */
  line: string
  /** Nothing more will happen unless someone acts (`--follow` stops here). */
  resting: boolean
  /** When the clock alone changes the state (a deadline passing), in ms; undefined if only an event can. */
  changesAtMs: number | undefined
}

const RESTING: ReadonlySet<OrderState> = new Set(['expired', 'refunded', 'settled', 'closed', 'liquidated'])

/** Derives the trader's view of an order from what the node has seen of it and the time. */
export function orderStatus({ timeline, deadlines, nowMs }: OrderStatusParameters): OrderStatus {
  const last = (kind: string) => timeline.findLast((entry) => entry.kind === kind)
  const opened = last('opened')
  const openDeadline = deadlines?.openDeadline ?? numberDetail(opened, 'openDeadline')
  const fillDeadline = deadlines?.fillDeadline ?? numberDetail(opened, 'fillDeadline')
  const refunded = last('refunded')
  const opener = who(stringDetail(refunded, 'opener') ?? opened?.actor, 'a solver')
  const fillBy = fillDeadline === undefined ? 'in time' : `by ${instant(fillDeadline)}`

  if (refunded !== undefined) {
    const slashed = amountDetail(refunded, 'slashed')
    const slash =
      slashed === undefined
        ? ''
        : slashed > 0n
          ? ` and slashed the solver ${units(slashed.toString(), 18)} BOND`
          : '; the solver had no bond left to slash'
    return status(
      'refunded',
      `refunded: ${opener} opened it but did not fill ${fillBy}; the vault returned your collateral${slash}`,
    )
  }
  if (last('expired') !== undefined)
    return status(
      'refunding',
      `waiting for a refund: ${opener} opened it but did not fill ${fillBy}; it is expired on the destination and the refund is on its way`,
    )
  const filled = last('filled')
  if (filled !== undefined) return positionStatus(timeline, filled)
  if (opened !== undefined) {
    const passesAtMs = fillDeadline === undefined ? undefined : passedAt(fillDeadline)
    if (passesAtMs !== undefined && nowMs >= passesAtMs)
      return status(
        'refunding',
        `waiting for a refund: ${opener} opened it but did not fill ${fillBy}; anyone can expire it and the vault returns your collateral and slashes the solver`,
      )
    const due =
      fillDeadline === undefined ? '' : ` by ${instant(fillDeadline)}${countdown(passesAtMs, nowMs)}`
    return status(
      'opened',
      `opened: ${opener} holds your collateral in escrow and must fill${due}`,
      passesAtMs,
    )
  }

  const passesAtMs = openDeadline === undefined ? undefined : passedAt(openDeadline)
  // The node's own word that the deadline passed unopened counts whatever this clock says.
  if (last('lapsed') !== undefined || (passesAtMs !== undefined && nowMs >= passesAtMs))
    return status('expired', 'expired: no solver opened it; your collateral never left your wallet')
  const openBy = (subject: string): string =>
    openDeadline === undefined
      ? ''
      : `; ${subject} must open by ${instant(openDeadline)}${countdown(passesAtMs, nowMs)}`
  const turn = timeline.findLast((entry) => entry.kind === 'won' || entry.kind === 'faded')
  if (turn?.kind === 'won') {
    const failed = timeline.slice(timeline.indexOf(turn)).findLast((entry) => entry.kind === 'failed')
    const failure = failed === undefined ? '' : `; its attempt failed (${String(failed.detail.reason ?? '')})`
    return status(
      'won',
      `won by ${who(turn.actor, 'a solver')} at ${String(turn.detail.feeBps)} bps${failure}${openBy('it')}`,
      passesAtMs,
    )
  }
  const bids = timeline.filter((entry) => entry.kind === 'bid')
  const best = bids.reduce<TimelineEntryJson | undefined>(
    (low, bid) => (low === undefined || Number(bid.detail.feeBps) < Number(low.detail.feeBps) ? bid : low),
    undefined,
  )
  if (best === undefined)
    return status('received', `received: waiting for solver bids${openBy('a solver')}`, passesAtMs)
  const faded =
    turn === undefined
      ? ''
      : `; ${who(turn.actor, 'the winner')} did not open in time, the next bidder's turn`
  return status(
    'bidding',
    `bidding: ${bids.length} bid${bids.length === 1 ? '' : 's'}, best ${String(best.detail.feeBps)} bps from ${who(best.actor, 'a solver')}${faded}${openBy('a solver')}`,
    passesAtMs,
  )
}

/** After the fill: the position open (settled or not), then closed or liquidated. */
function positionStatus(timeline: readonly TimelineEntryJson[], filled: TimelineEntryJson): OrderStatus {
  const has = (kind: string) => timeline.some((entry) => entry.kind === kind)
  const end = timeline.findLast((entry) => entry.kind === 'closed' || entry.kind === 'liquidated')
  const release = has('released')
    ? '; your collateral was released to you on the origin chain'
    : has('withdrawal-requested')
      ? '; a release of your collateral is on its way to the origin chain'
      : undefined
  if (end?.kind === 'closed')
    return status(
      'closed',
      `closed: you closed the position at exit ${dollars(end.detail.exitPrice ?? 0)}, pnl ${dollars(end.detail.pnl ?? 0)}${debt(end, has)}${release ?? '; withdraw to get your collateral back'}`,
    )
  if (end?.kind === 'liquidated')
    return status(
      'liquidated',
      `liquidated: a keeper closed the position at mark ${dollars(end.detail.markPrice ?? 0)}, pnl ${dollars(end.detail.pnl ?? 0)}${debt(end, has)}${release ?? ''}`,
    )
  const entryPrice =
    filled.detail.entryPrice === undefined ? '' : ` at entry ${dollars(filled.detail.entryPrice)}`
  const feePaid = timeline.findLast((entry) => entry.kind === 'fee-paid')
  if (feePaid !== undefined)
    return status(
      'settled',
      `settled: your position is open${entryPrice}; ${who(feePaid.actor ?? filled.actor, 'the solver')} filled it and was paid ${String(feePaid.detail.feeBps)} bps`,
    )
  return status(
    'filled',
    `filled: your position is open${entryPrice}; ${who(filled.actor, 'the solver')} fronted the margin and is not paid yet`,
  )
}

/** What a close or liquidation left owing, and whether a keeper has settled it from the collateral. */
function debt(end: TimelineEntryJson, has: (kind: string) => boolean): string {
  const owed = amountDetail(end, 'debt')
  if (owed === undefined || owed === 0n) return ''
  if (has('debt-settled'))
    return `; its debt of ${dollars(owed.toString())} was settled from your collateral${has('seized') ? '' : ' (the seizure is on its way)'}`
  return `; its debt of ${dollars(owed.toString())} is to be settled from your collateral`
}

function status(state: OrderState, line: string, changesAtMs?: number): OrderStatus {
  return { state, line, resting: RESTING.has(state), changesAtMs }
}

/**
 * A deadline in unix seconds holds through its whole second (a block stamped with it may still open or
 * fill), so it has passed from the next second on.
 */
function passedAt(deadline: number): number {
  return (deadline + 1) * 1000
}

function countdown(passesAtMs: number | undefined, nowMs: number): string {
  return passesAtMs === undefined ? '' : ` (in ${duration(passesAtMs - nowMs)})`
}

function who(address: string | undefined, fallback: string): string {
  return address === undefined ? fallback : shortHex(address)
}

function numberDetail(entry: TimelineEntryJson | undefined, key: string): number | undefined {
  const value = entry?.detail[key]
  return typeof value === 'number' ? value : undefined
}

function stringDetail(entry: TimelineEntryJson | undefined, key: string): string | undefined {
  const value = entry?.detail[key]
  return typeof value === 'string' ? value : undefined
}

function amountDetail(entry: TimelineEntryJson, key: string): bigint | undefined {
  const value = entry.detail[key]
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  try {
    return BigInt(value)
  } catch {
    return undefined
  }
}
