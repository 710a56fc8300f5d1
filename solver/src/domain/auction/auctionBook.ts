import type { SolverBid } from '@xmargin/intents'
import { type FeeSchedule, timeAtFee } from '@xmargin/intents/schedule'
import type { Address, Hex } from 'viem'
import { compareBids } from './bidRank.ts'

export type CreateAuctionBookParameters = {
  /** How long after an intent arrives bids are collected before anyone may fill. */
  bidWindowMs: number
  /** How long after its slot starts the current winner has to open before it counts as a fade. */
  fadeGraceMs: number
  /**
   * How long after a slot starts a better bid arriving late still takes it (default: `bidWindowMs`).
   * Each node times the bid window from its own receipt of the intent, so a bid that reaches one node
   * just before its window closes reaches another just after: without this, the two would each name
   * a different winner, and with neither opening, fade an honest solver.
   */
  lateBidMarginMs?: number
}

export type AddOrderParameters = {
  orderId: Hex
  schedule: FeeSchedule
  /** Unix seconds: the last moment the order can be opened on the origin. */
  openDeadline: number
  receivedAtMs: number
  /**
   * When this node began watching the order: `receivedAtMs` unless it re-entered the auction after a
   * restart. Nobody's grace counts from before it: a node cannot judge a slot it did not see.
   */
  observedFromMs?: number
}

/**
 * What a slot is judged against besides the bids. A fade is for a solver that could have acted: its
 * grace counts only while it was not banned and while the chains answered (as this node sees them).
 */
export type AuctionView = {
  isBanned(solver: Address): boolean
  /** When `solver`'s last ban ended (0 if never): its slot starts no earlier. */
  banEndedAtMs(solver: Address): number
  /** The latest moment every chain the fill needs is known to have answered. */
  chainsAnsweredAtMs: number
  /** Since when the chains have answered without a gap; a stall moves this to its end. */
  chainsAnsweringSinceMs: number
  /**
   * When the chains first answered this node (0 before they have). Their first answers after a start
   * end no stall the node saw: counted as one, they would give the holder of a resumed auction a fresh
   * grace the other nodes never grant, and a restarted runner-up would open after they had faded it.
   * Nor does the node judge a grace that began before then: a stall may have hidden the open.
   */
  chainsFirstAnsweredAtMs: number
}

export type AddBidResult = 'added' | 'duplicate' | 'unknown-order' | 'above-max' | 'expired'

/**
 * What every node concludes about an order at a moment. Each node fills only on `fill` naming its own
 * address; since all inputs (bids, schedule, clock) are shared, all nodes reach the same answer.
 */
export type AuctionDecision =
  /** Nobody may fill before `untilMs`: the bid window is open, or the schedule is below the winner's bid. */
  | { kind: 'wait'; untilMs: number }
  /** `solver` should be opening now at `feeBps`; its slot started at `sinceMs`. */
  | { kind: 'fill'; solver: Address; feeBps: number; sinceMs: number }
  /**
   * `solver` did not open by `atMs` (slot start + grace). Reported once; the book has already moved on
   * and `next` is the decision for the bidders after it.
   */
  | {
      kind: 'faded'
      solver: Address
      feeBps: number
      atMs: number
      /**
       * Whether this node saw the whole slot and may hold it against the solver; false when the slot
       * began before this node was watching (a restart) or before its chains first answered it. The book
       * moves on either way, as every node does.
       */
      judged: boolean
      next: AuctionDecision
    }
  | { kind: 'opened'; opener: Address }
  /** No eligible bid (none at all, all banned, faded or expired, or none can be reached before the deadline). */
  | { kind: 'none' }
  /** The open deadline has passed. */
  | { kind: 'closed' }

export type AuctionBook = {
  /** Starts tracking an order; false when it is already tracked. */
  addOrder(parameters: AddOrderParameters): boolean
  /** Records a bid; the first bid per solver binds, later ones from the same solver are ignored. */
  addBid(bid: SolverBid, nowMs: number): AddBidResult
  /** The order was opened on the origin (vault `Open`): the auction is over. */
  markOpened(orderId: Hex, opener: Address): void
  /** Who should fill now. Records a fade the first time a winner's slot is found to have passed. */
  decide(orderId: Hex, nowMs: number, view: AuctionView): AuctionDecision
  /** Stops tracking an order (settled, expired, or no longer worth watching). */
  forget(orderId: Hex): void
  has(orderId: Hex): boolean
}

type OrderState = {
  schedule: FeeSchedule
  openDeadlineMs: number
  windowEndMs: number
  /** Lower-cased solver → its first bid, and when this node received it. */
  bids: Map<string, SolverBid>
  receivedAtMs: Map<string, number>
  /** Lower-cased solvers that faded on this order; they never get a second slot. */
  faded: Set<string>
  /** When the last fade happened: the earliest the next bidder's slot can start. */
  lastFadeAtMs: number
  observedFromMs: number
  /**
   * The bidder whose slot has started; a better bid arriving more than `lateBidMarginMs` after the
   * slot's start cannot take it.
   */
  holder: { key: string; slotStartMs: number } | undefined
  opener: Address | undefined
}

/**
 * The Dutch auction with binding bids (DESIGN.md "Auction"): the lowest bidder fills once the fee
 * schedule reaches its bid; if it does not open within `fadeGraceMs`, the next bidder's slot starts.
 * Slots are placed on deterministic times (the fade moment is slot start + grace, not the moment a
 * node noticed) so nodes polling at different instants agree on who is due. The grace counts from
 * the latest of the slot's start, the chains answering again after a stall, and this node starting
 * to watch; a fade is decided only once the chains are seen answering after its moment. So a stall
 * every node sees (a chain down) delays the auction instead of banning everybody.
 */
export function createAuctionBook(parameters: CreateAuctionBookParameters): AuctionBook {
  const { bidWindowMs, fadeGraceMs } = parameters
  const lateBidMarginMs = parameters.lateBidMarginMs ?? bidWindowMs
  const orders = new Map<Hex, OrderState>()
  const keyOf = (orderId: Hex) => orderId.toLowerCase() as Hex

  /** The moment `bid` is due: the schedule reaches its fee, and not before the bid window closes. */
  function fillAtMs(order: OrderState, bid: SolverBid): number {
    const reachedAt = timeAtFee(order.schedule, bid.feeBps)
    return Math.max(order.windowEndMs, (reachedAt ?? Number.POSITIVE_INFINITY) * 1000)
  }

  function eligible(order: OrderState, view: AuctionView): SolverBid[] {
    return [...order.bids.entries()]
      .filter(([key, bid]) => {
        if (order.faded.has(key)) return false
        // Against the moment the schedule reaches the bid: signed terms only, so every node judges it
        // alike (not this node's tick, nor its bid window, which starts when the intent reached it).
        const reachedAt = timeAtFee(order.schedule, bid.feeBps)
        if (reachedAt === undefined || bid.expiry < reachedAt) return false
        if (fillAtMs(order, bid) > order.openDeadlineMs) return false
        return !view.isBanned(bid.solver)
      })
      .map(([, bid]) => bid)
      .sort(compareBids)
  }

  function decideOn(order: OrderState, nowMs: number, view: AuctionView): AuctionDecision {
    if (order.opener !== undefined) return { kind: 'opened', opener: order.opener }
    if (nowMs > order.openDeadlineMs) return { kind: 'closed' }

    const holderBid = order.holder === undefined ? undefined : order.bids.get(order.holder.key)
    // A holder banned meanwhile (it faded elsewhere) loses its slot without a fade recorded here.
    if (holderBid !== undefined && order.holder !== undefined && view.isBanned(holderBid.solver)) {
      // Its slot ends now, as a fade would: the next bidder's slot starts from here, not back-dated to
      // when its own fee was reached (which would fade it at once), and the banned solver gets no other.
      order.faded.add(order.holder.key)
      order.lastFadeAtMs = Math.max(order.lastFadeAtMs, nowMs)
      order.holder = undefined
    }
    const best = eligible(order, view)[0]
    // A better bid that arrived just after the holder's slot began was in time on a node whose window
    // closed later: it takes the slot, as it did there. The holder's open, if already sent, keeps the
    // order to one open on chain; nobody is faded for it.
    if (order.holder !== undefined && best !== undefined && holderBid !== undefined) {
      const arrivedAtMs = order.receivedAtMs.get(best.solver.toLowerCase()) ?? 0
      if (compareBids(best, holderBid) < 0 && arrivedAtMs < order.holder.slotStartMs + lateBidMarginMs)
        order.holder = undefined
    }
    const bid = order.holder === undefined ? best : holderBid
    if (bid === undefined) {
      return nowMs < order.windowEndMs ? { kind: 'wait', untilMs: order.windowEndMs } : { kind: 'none' }
    }

    // A solver whose ban just ended gets a whole slot, not one that began while it could not act.
    const slotStartMs =
      order.holder?.slotStartMs ??
      Math.max(
        order.lastFadeAtMs,
        fillAtMs(order, bid),
        view.banEndedAtMs(bid.solver),
        // A bid that arrived late (a slow quote) gets its whole slot from when it arrived.
        order.receivedAtMs.get(bid.solver.toLowerCase()) ?? 0,
      )
    if (nowMs < slotStartMs) return { kind: 'wait', untilMs: slotStartMs }
    const key = bid.solver.toLowerCase()
    order.holder = { key, slotStartMs }

    // A stall every node sees moves the grace for all of them; a restart, and the chains' first answers
    // after it, do not (see `judged`).
    const stallEndedAtMs =
      view.chainsAnsweringSinceMs > view.chainsFirstAnsweredAtMs ? view.chainsAnsweringSinceMs : 0
    const judgedFromMs = Math.max(slotStartMs, stallEndedAtMs)
    const fadeAtMs = judgedFromMs + fadeGraceMs
    // Until the chains are seen answering after the fade moment, a stall may have hidden the open.
    if (nowMs < fadeAtMs || view.chainsAnsweredAtMs < fadeAtMs)
      return { kind: 'fill', solver: bid.solver, feeBps: bid.feeBps, sinceMs: slotStartMs }

    order.faded.add(key)
    order.lastFadeAtMs = fadeAtMs
    order.holder = undefined
    return {
      kind: 'faded',
      solver: bid.solver,
      feeBps: bid.feeBps,
      atMs: fadeAtMs,
      judged: judgedFromMs >= order.observedFromMs && judgedFromMs >= view.chainsFirstAnsweredAtMs,
      next: decideOn(order, nowMs, view),
    }
  }

  return {
    addOrder({ orderId, schedule, openDeadline, receivedAtMs, observedFromMs }) {
      if (orders.has(keyOf(orderId))) return false
      orders.set(keyOf(orderId), {
        schedule,
        openDeadlineMs: openDeadline * 1000,
        windowEndMs: receivedAtMs + bidWindowMs,
        bids: new Map(),
        receivedAtMs: new Map(),
        faded: new Set(),
        lastFadeAtMs: 0,
        observedFromMs: observedFromMs ?? receivedAtMs,
        holder: undefined,
        opener: undefined,
      })
      return true
    },

    addBid(bid, nowMs) {
      const order = orders.get(keyOf(bid.orderId))
      if (order === undefined) return 'unknown-order'
      if (bid.feeBps > order.schedule.maxBps) return 'above-max'
      if (nowMs > bid.expiry * 1000) return 'expired'
      const key = bid.solver.toLowerCase()
      if (order.bids.has(key)) return 'duplicate'
      order.bids.set(key, bid)
      order.receivedAtMs.set(key, nowMs)
      return 'added'
    },

    markOpened(orderId, opener) {
      const order = orders.get(keyOf(orderId))
      if (order !== undefined) order.opener ??= opener
    },

    decide(orderId, nowMs, view) {
      const order = orders.get(keyOf(orderId))
      // An order this book never saw has no auction here: nobody is due.
      if (order === undefined) return { kind: 'none' }
      return decideOn(order, nowMs, view)
    },

    forget(orderId) {
      orders.delete(keyOf(orderId))
    },

    has: (orderId) => orders.has(keyOf(orderId)),
  }
}
