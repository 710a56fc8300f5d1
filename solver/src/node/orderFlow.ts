import {
  ExpiredError,
  type MarginIntent,
  parseSolverBid,
  type SignedMarginIntent,
  type SignedSolverBid,
  signSolverBid,
  stringifySolverBid,
  verifySolverBid,
} from '@xmargin/intents'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { Address, Hex, LocalAccount } from 'viem'
import type { AddBidResult, AuctionBook, AuctionView } from '../domain/auction/auctionBook.ts'
import type { FadeBook } from '../domain/auction/fadeBook.ts'
import type { Strategy } from '../domain/strategy/strategy.ts'
import type { BondedSolvers, BondStatus } from '../infra/chain/bondedSolvers.ts'
import type { Logger } from '../infra/createLogger.ts'
import type { NodeMetrics } from '../infra/metrics.ts'
import type { NodeStore } from '../infra/store/nodeStore.ts'
import type { FillPipeline } from '../pipeline/createFillPipeline.ts'
import type { ChainLiveness } from './chainLiveness.ts'
import type { MarketReader } from './marketReader.ts'
import { quoteStateOf } from './quoteStateOf.ts'
import type { SharedKeyWarning } from './sharedKeyWarning.ts'
import type { TimelineHub } from './timelineHub.ts'
import type { Openability } from './unopenableReason.ts'

export type BidVerdict = 'accept' | 'reject' | 'ignore'

/** How long after an open deadline the chains must have answered before an unopened order is lapsed. */
const LAPSE_MARGIN_MS = 2_000

/**
 * A quote may price from market state (gas, oracle prices, float) read this long ago instead of
 * waiting on a fresh read: an intent that arrives while the destination RPC stalls still gets its
 * bid, so its slot is due when the chain answers again rather than a quote round trip later. The
 * prices only set our fee; the fill is checked on chain against the trader's limit.
 */
const QUOTE_MAX_STALE_MS = 10_000

export type OrderFlowParameters = {
  manifest: DevnetManifest
  account: LocalAccount
  store: NodeStore
  hub: TimelineHub
  auction: AuctionBook
  fades: FadeBook
  strategy: Strategy
  market: MarketReader
  pipeline: FillPipeline
  metrics: NodeMetrics
  logger: Logger
  /** The registry of an origin chain: only its bonded solvers' bids count on its orders. */
  bondedSolvers(originChainId: number): BondedSolvers | undefined
  /** Told of bids signed with this node's key, which only another node holding it can send. */
  sharedKey: SharedKeyWarning
  /** Whether the chains answer: a winner's grace runs only while they do. */
  liveness: ChainLiveness
  /** Whether the order was opened (by whom) or can still be, from fresh origin reads. */
  openability(orderId: Hex, intent: MarginIntent): Promise<Openability>
  /**
   * How long a transaction sent on `chainId` may take to be mined (about a block): an open sent in the
   * last moment of a slot counts, so a fade is judged only from reads this long after the slot ended.
   */
  inclusionMs(chainId: number): number
  publishBid(json: string): Promise<void>
  /** Across rebalance fee for fronting `amount` of settlement token; 0 when inventory suffices. Never waits. */
  rebalanceFeeBps(amount: bigint): number
  tickMs?: number
}

/**
 * The solver's part in each auction (DESIGN.md): quote and gossip a binding bid for every accepted
 * intent, collect the others' bids, and — every tick — ask the auction book who should fill now. This
 * node fills only when the answer is its own address; a winner that does not open in time is recorded
 * as a fade and banned, and the next bidder (possibly this node) takes over.
 */
export type OrderFlow = {
  /**
   * Enters the order's auction at once, then quotes and gossips this node's bid; the returned promise
   * settles when the bid is out (or passed on) and never rejects.
   */
  acceptIntent(
    orderId: Hex,
    intent: SignedMarginIntent,
    source: 'http' | 'gossip',
    /** The order was opened before the intent reached this node: its auction is over, no bid. */
    openedBy?: Address,
  ): Promise<void>
  /** Gossip validator for bids; an accepted bid is recorded before the verdict returns. */
  takeBid(data: Uint8Array | string, receivedAtMs: number): Promise<BidVerdict>
  /**
   * After a restart: re-enters the auctions of stored intents that are not opened yet, with the bids
   * stored for them (this node's own binding bid included; it bids now if it never did).
   */
  resumeAuctions(): Promise<number>
  /** A vault `Open` seen on chain: the auction for this order is over. */
  opened(orderId: Hex, opener: Hex): void
  /** The order is paid out or refunded: its auction is over for good and its state can go. */
  settled(orderId: Hex): void
  start(): void
  stop(): Promise<void>
}

export function createOrderFlow(parameters: OrderFlowParameters): OrderFlow {
  const { account, store, hub, auction, fades, strategy, market, pipeline, metrics, logger } = parameters
  const me = account.address.toLowerCase()
  const executing = new Map<Hex, Promise<unknown>>()
  // Orders whose auction is still running, in memory like the auction book: the tick reads these,
  // not every live intent from the store ten times a second.
  const auctions = new Map<Hex, SignedMarginIntent>()
  // Orders whose winner's slot just passed, while fresh reads check whether it opened after all (the
  // watcher may not have reported it yet): nobody acts on them until the check is back, so the next
  // bidder does not send an open that the winner's, already on chain, makes revert.
  const judging = new Set<Hex>()
  let timer: NodeJS.Timeout | undefined
  const early = createEarlyBids()

  function enterAuction(
    orderId: Hex,
    signed: SignedMarginIntent,
    receivedAtMs: number,
    observedFromMs: number,
  ) {
    const { order } = signed
    auctions.set(orderId, signed)
    auction.addOrder({
      orderId,
      schedule: order.orderData.fee,
      openDeadline: order.openDeadline,
      receivedAtMs,
      observedFromMs,
    })
    for (const waiting of early.take(orderId)) void judgeBid(waiting.signed, waiting.receivedAtMs, signed)
  }

  async function acceptIntent(
    orderId: Hex,
    signed: SignedMarginIntent,
    source: 'http' | 'gossip',
    openedBy?: Address,
  ) {
    const now = Date.now()
    enterAuction(orderId, signed, now, now)
    hub.record({ orderId, kind: 'received', atMs: now, detail: { source } })
    if (source === 'gossip') metrics.intentReceived('gossip', 'accepted')
    // The bids that overtook it are in (enterAuction took them); there is nothing left to bid on.
    if (openedBy !== undefined) return auction.markOpened(orderId, openedBy)
    await bid(orderId, signed)
  }

  async function bid(orderId: Hex, signed: SignedMarginIntent): Promise<void> {
    try {
      const feeBps = await quote(signed).catch((error: unknown) => {
        logger.warn({ orderId, err: error }, 'quote failed; not bidding')
        return null
      })
      if (feeBps === null) {
        logger.info({ orderId, strategy: strategy.name }, 'passing on intent')
        return
      }
      // The bid binds until the position could be opened on the destination: the fill may happen
      // after the open deadline, and a bid that expired first would leave the winner unjudgeable.
      const signedBid = await signSolverBid({
        bid: { orderId, solver: account.address, feeBps, expiry: signed.order.fillDeadline },
        account,
      })
      recordBid(signedBid, Date.now())
      await parameters.publishBid(stringifySolverBid(signedBid))
      metrics.bidSent()
      logger.info({ orderId, feeBps }, 'bid sent')
    } catch (error) {
      logger.error({ orderId, err: error }, 'bidding failed')
    }
  }

  async function resumeAuctions(): Promise<number> {
    const now = Date.now()
    let resumed = 0
    const bidding: Promise<void>[] = []
    for (const stored of store.liveIntents(Math.floor(now / 1000))) {
      const { orderId, intent } = stored
      if (now > intent.order.openDeadline * 1000) continue
      if (store.timeline(orderId).some((entry) => entry.kind === 'opened')) continue
      enterAuction(orderId, intent, stored.receivedAtMs, now)
      let mine = false
      for (const { receivedAtMs, ...signedBid } of store.bidsFor(orderId)) {
        auction.addBid(signedBid.bid, receivedAtMs)
        if (signedBid.bid.solver.toLowerCase() === me) mine = true
      }
      // A crash between accepting and bidding: no bid of ours is out, so a first one binds now.
      if (!mine) bidding.push(bid(orderId, intent))
      resumed += 1
    }
    // Bids follow in the background: a slow chain must not hold up the node's start.
    void Promise.all(bidding)
    if (resumed > 0) logger.info({ auctions: resumed }, 'resumed auctions after restart')
    return resumed
  }

  async function quote(signed: SignedMarginIntent): Promise<number | null> {
    const snapshot = await market.recent(QUOTE_MAX_STALE_MS)
    const state = quoteStateOf({ manifest: parameters.manifest, intent: signed.order, snapshot })
    if (state === undefined) {
      logger.warn(
        { user: signed.order.user },
        'no fresh oracle price for the collateral or ETH: cannot price, not bidding',
      )
      return null
    }
    const rebalanceFeeBps = parameters.rebalanceFeeBps(state.frontAmount)
    return strategy.quote(signed.order, { ...state.quoteState, rebalanceFeeBps })
  }

  /** Adds a bid to the auction and, if it counts, to the store and the order's timeline. */
  function recordBid(signed: SignedSolverBid, receivedAtMs: number): AddBidResult {
    const outcome = auction.addBid(signed.bid, receivedAtMs)
    if (outcome !== 'added') return outcome
    store.putBid({ ...signed, receivedAtMs })
    hub.record({
      orderId: signed.bid.orderId,
      kind: 'bid',
      atMs: receivedAtMs,
      actor: signed.bid.solver,
      detail: { feeBps: signed.bid.feeBps },
    })
    return outcome
  }

  async function takeBid(data: Uint8Array | string, receivedAtMs: number): Promise<BidVerdict> {
    let signed: SignedSolverBid
    try {
      signed = parseSolverBid(data)
      verifySolverBid(signed, { now: Math.floor(receivedAtMs / 1000) })
    } catch (error) {
      // An expiry that just passed depends on the clock: another node may still have judged it valid.
      if (error instanceof ExpiredError) return 'ignore'
      metrics.bidRejected('invalid')
      return 'reject'
    }
    const { bid } = signed
    // Gossip never hands a node its own messages: a bid signed with this node's key comes from
    // another process holding it, and the two will race for nonces, bids and fills.
    if (bid.solver.toLowerCase() === me) parameters.sharedKey.ownBidSeen(bid.orderId)
    // A bid may overtake its intent; without the intent it cannot be judged, so it is not forwarded,
    // but kept a while: gossip never delivers the same bid again, and it may well be the winner's.
    const stored = store.getIntent(bid.orderId)
    if (stored === undefined) {
      early.keep(signed, receivedAtMs)
      return 'ignore'
    }
    return judgeBid(signed, receivedAtMs, stored.intent)
  }

  /** The bid's solver must be bonded on the order's origin; then it enters the auction. */
  async function judgeBid(
    signed: SignedSolverBid,
    receivedAtMs: number,
    intent: SignedMarginIntent,
  ): Promise<BidVerdict> {
    const { bid } = signed
    const registry = parameters.bondedSolvers(Number(intent.order.originChainId))
    if (registry === undefined) return 'ignore'
    let bond: BondStatus
    try {
      bond = await registry.status(bid.solver)
    } catch {
      return 'ignore'
    }
    // A stake that is moving (unbonding, or just bonded) may read differently on the node that
    // forwarded it: dropped, not held against the forwarder. Nothing at stake is the same everywhere.
    if (bond === 'unbonding') return 'ignore'
    if (bond === 'none') {
      metrics.bidRejected('unbonded')
      logger.debug({ orderId: bid.orderId, solver: bid.solver }, 'bid from an unbonded solver rejected')
      return 'reject'
    }
    const outcome = recordBid(signed, receivedAtMs)
    if (outcome === 'above-max') {
      metrics.bidRejected('above-max')
      return 'reject'
    }
    if (outcome !== 'added') return 'ignore'
    metrics.bidReceived()
    return 'accept'
  }

  function fadeOf(solver: Address) {
    return store.getFade(solver)
  }

  // Since when the chains answered when they first all had: the start of this node's watch, not the
  // end of a stall (see AuctionView).
  let chainsFirstAnsweringSinceMs = 0
  function viewAt(nowMs: number): AuctionView {
    const chains = parameters.liveness.view()
    if (chainsFirstAnsweringSinceMs === 0 && chains.answeredAtMs > 0)
      chainsFirstAnsweringSinceMs = chains.answeringSinceMs
    return {
      isBanned: (solver) => fades.isBanned(fadeOf(solver), nowMs),
      banEndedAtMs: (solver) => fadeOf(solver)?.bannedUntilMs ?? 0,
      chainsAnsweredAtMs: chains.answeredAtMs,
      chainsAnsweringSinceMs: chains.answeringSinceMs,
      chainsFirstAnsweredAtMs: chainsFirstAnsweringSinceMs,
    }
  }

  function tick(): void {
    const now = Date.now()
    const view = viewAt(now)
    for (const [orderId, intent] of auctions) {
      if (executing.has(orderId) || judging.has(orderId)) continue
      const decision = auction.decide(orderId, now, view)
      if (decision.kind === 'opened') {
        auctions.delete(orderId)
        continue
      }
      if (decision.kind === 'closed') {
        // Lapsed only once the chains have been read past the deadline: an open in its last block
        // reaches this node through the watcher a moment after.
        if (view.chainsAnsweredAtMs < intent.order.openDeadline * 1000 + LAPSE_MARGIN_MS) continue
        auctions.delete(orderId)
        if (!store.timeline(orderId).some((entry) => entry.kind === 'opened')) {
          hub.record({
            orderId,
            kind: 'lapsed',
            atMs: now,
            detail: { reason: 'no solver opened it by the open deadline; nothing was locked' },
          })
        }
        continue
      }
      if (decision.kind === 'faded') {
        if (decision.solver.toLowerCase() === me) {
          // Our own slot passed and the others move on; our bid still binds, so we try, and the
          // chain keeps it to one open.
          if (store.getJob(orderId) === undefined) fill(orderId, intent, decision.feeBps, now)
          continue
        }
        if (decision.judged) {
          judging.add(orderId)
          void judgeFade(orderId, intent, decision.solver, decision.atMs)
            .catch((error: unknown) => logger.error({ orderId, err: error }, 'judging a fade failed'))
            .finally(() => judging.delete(orderId))
        }
        continue
      }
      if (decision.kind !== 'fill' || decision.solver.toLowerCase() !== me) continue
      if (store.getJob(orderId) !== undefined) continue
      fill(orderId, intent, decision.feeBps, now)
    }
  }

  /**
   * Records the fade and bans the solver, unless it did open (the watcher had not said so yet) or the
   * order cannot be opened any more (the trader spent the nonce, moved the collateral or withdrew the
   * Permit2 allowance): then nobody could have opened it, and the auction ends here. An order the next
   * bidder opened meanwhile keeps the fade: the faded solver did not open in its slot.
   */
  async function judgeFade(
    orderId: Hex,
    intent: SignedMarginIntent,
    solver: Address,
    fadeAtMs: number,
  ): Promise<void> {
    const read = () =>
      parameters
        .openability(orderId, intent.order)
        .catch((): Openability => ({ kind: 'blocked', reason: 'the origin chain cannot be read' }))
    const openedBySolver = (found: Openability) =>
      found.kind === 'opened' && found.opener.toLowerCase() === solver.toLowerCase()
    let found = await read()
    // An open sent just before the slot ended is mined in the next block: look again once it had time.
    const settledAtMs = fadeAtMs + parameters.inclusionMs(Number(intent.order.originChainId))
    if (!openedBySolver(found) && found.kind !== 'blocked' && Date.now() < settledAtMs) {
      await new Promise((resolve) => setTimeout(resolve, settledAtMs - Date.now()))
      found = await read()
    }
    if (found.kind === 'opened' && openedBySolver(found)) {
      auction.markOpened(orderId, found.opener)
      return
    }
    if (found.kind === 'blocked') {
      auctions.delete(orderId)
      logger.info({ orderId, solver, reason: found.reason }, 'no fade recorded: the order cannot be opened')
      return
    }
    const record = fades.recordFade(solver, Date.now(), store.getFade(solver))
    store.putFade(record)
    metrics.fade(solver, record.bannedUntilMs)
    hub.record({ orderId, kind: 'faded', atMs: Date.now(), actor: solver, detail: { fades: record.fades } })
    logger.warn({ orderId, solver, bannedUntilMs: record.bannedUntilMs }, 'winner faded')
  }

  function fill(orderId: Hex, intent: SignedMarginIntent, feeBps: number, now: number): void {
    hub.record({ orderId, kind: 'won', atMs: now, actor: account.address, detail: { feeBps } })
    metrics.auctionWon()
    const run = pipeline
      .execute(intent, orderId, feeBps)
      .then((job) => metrics.fill(job.step === 'abandoned' ? 'abandoned' : 'filled'))
      .catch((error: unknown) => {
        metrics.fill('failed')
        hub.record({
          orderId,
          kind: 'failed',
          atMs: Date.now(),
          actor: account.address,
          detail: { reason: describe(error) },
        })
        logger.error({ orderId, err: error }, 'fill failed')
      })
      .finally(() => executing.delete(orderId))
    executing.set(orderId, run)
  }

  return {
    acceptIntent,
    takeBid,
    resumeAuctions,
    opened(orderId, opener) {
      auction.markOpened(orderId, opener)
    },
    settled(orderId) {
      auctions.delete(orderId)
      auction.forget(orderId)
    },
    start() {
      timer = setInterval(tick, parameters.tickMs ?? 100)
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer)
      await Promise.allSettled(executing.values())
    },
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error)
}

/** At most this many bids wait for their intent, each at most {@link EARLY_BID_TTL_MS}. */
const MAX_EARLY_BIDS = 4_096
const MAX_EARLY_BIDS_PER_ORDER = 16
const EARLY_BID_TTL_MS = 30_000

/**
 * Signed, verified bids that arrived before their intent, kept in arrival order and bounded (the
 * oldest go first), for the auction to take once the intent arrives.
 */
function createEarlyBids() {
  const byOrder = new Map<string, { signed: SignedSolverBid; receivedAtMs: number }[]>()
  let count = 0
  return {
    keep(signed: SignedSolverBid, receivedAtMs: number): void {
      const key = signed.bid.orderId.toLowerCase()
      const waiting = byOrder.get(key) ?? []
      if (waiting.length >= MAX_EARLY_BIDS_PER_ORDER) return
      waiting.push({ signed, receivedAtMs })
      byOrder.set(key, waiting)
      count += 1
      for (const [order, bids] of byOrder) {
        if (count <= MAX_EARLY_BIDS && (bids[0]?.receivedAtMs ?? 0) > receivedAtMs - EARLY_BID_TTL_MS) break
        byOrder.delete(order)
        count -= bids.length
      }
    },
    take(orderId: Hex): { signed: SignedSolverBid; receivedAtMs: number }[] {
      const key = orderId.toLowerCase()
      const waiting = byOrder.get(key) ?? []
      byOrder.delete(key)
      count -= waiting.length
      return waiting.filter((entry) => entry.receivedAtMs > Date.now() - EARLY_BID_TTL_MS)
    },
  }
}
