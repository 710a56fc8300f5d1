import {
  ExpiredError,
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
import type { BondedSolvers } from '../infra/chain/bondedSolvers.ts'
import type { Logger } from '../infra/createLogger.ts'
import type { NodeMetrics } from '../infra/metrics.ts'
import type { NodeStore } from '../infra/store/nodeStore.ts'
import type { FillPipeline } from '../pipeline/createFillPipeline.ts'
import type { ChainLiveness } from './chainLiveness.ts'
import type { MarketReader } from './marketReader.ts'
import { quoteStateOf } from './quoteStateOf.ts'
import type { TimelineHub } from './timelineHub.ts'

export type BidVerdict = 'accept' | 'reject' | 'ignore'

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
  /** Whether the chains answer: a winner's grace runs only while they do. */
  liveness: ChainLiveness
  publishBid(json: string): Promise<void>
  /** Across rebalance fee for fronting `amount` of settlement token; 0 when inventory suffices. */
  rebalanceFeeBps(amount: bigint): Promise<number>
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
  acceptIntent(orderId: Hex, intent: SignedMarginIntent, source: 'http' | 'gossip'): Promise<void>
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
  let timer: NodeJS.Timeout | undefined
  let warnedSharedKey = false

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
  }

  async function acceptIntent(orderId: Hex, signed: SignedMarginIntent, source: 'http' | 'gossip') {
    const now = Date.now()
    enterAuction(orderId, signed, now, now)
    hub.record({ orderId, kind: 'received', atMs: now, detail: { source } })
    if (source === 'gossip') metrics.intentReceived('gossip', 'accepted')
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
    const snapshot = await market.update()
    const state = quoteStateOf({ manifest: parameters.manifest, intent: signed.order, snapshot })
    if (state === undefined) {
      logger.warn(
        { user: signed.order.user },
        'no fresh oracle price for the collateral or ETH: cannot price, not bidding',
      )
      return null
    }
    const rebalanceFeeBps = await parameters.rebalanceFeeBps(state.frontAmount)
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
    if (bid.solver.toLowerCase() === me && !warnedSharedKey) {
      warnedSharedKey = true
      logger.warn(
        { solver: account.address, orderId: bid.orderId },
        "another node is bidding with this node's key: run one node per solver key",
      )
    }
    // A bid may overtake its intent; without the intent it cannot be judged, so it is not forwarded.
    const stored = store.getIntent(bid.orderId)
    if (stored === undefined) return 'ignore'
    const registry = parameters.bondedSolvers(Number(stored.intent.order.originChainId))
    if (registry === undefined) return 'ignore'
    let bonded: boolean
    try {
      bonded = await registry.isActive(bid.solver)
    } catch {
      return 'ignore'
    }
    if (!bonded) {
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

  function viewAt(nowMs: number): AuctionView {
    const chains = parameters.liveness.view()
    return {
      isBanned: (solver) => fades.isBanned(fadeOf(solver), nowMs),
      banEndedAtMs: (solver) => fadeOf(solver)?.bannedUntilMs ?? 0,
      chainsAnsweredAtMs: chains.answeredAtMs,
      chainsAnsweringSinceMs: chains.answeringSinceMs,
    }
  }

  function tick(): void {
    const now = Date.now()
    const view = viewAt(now)
    for (const [orderId, intent] of auctions) {
      if (executing.has(orderId)) continue
      const decision = auction.decide(orderId, now, view)
      if (decision.kind === 'opened' || decision.kind === 'closed') {
        auctions.delete(orderId)
        continue
      }
      if (decision.kind === 'faded') {
        // This node's own slot passed (the others move on): it keeps trying and never bans itself.
        if (decision.solver.toLowerCase() === me) {
          logger.info({ orderId }, 'our slot passed without an open; the next bidder may open')
          continue
        }
        const record = fades.recordFade(decision.solver, now, store.getFade(decision.solver))
        store.putFade(record)
        metrics.fade(decision.solver, record.bannedUntilMs)
        hub.record({
          orderId,
          kind: 'faded',
          atMs: now,
          actor: decision.solver,
          detail: { fades: record.fades },
        })
        logger.warn({ orderId, solver: decision.solver, bannedUntilMs: record.bannedUntilMs }, 'winner faded')
        continue
      }
      if (decision.kind !== 'fill' || decision.solver.toLowerCase() !== me) continue
      if (store.getJob(orderId) !== undefined) continue
      hub.record({
        orderId,
        kind: 'won',
        atMs: now,
        actor: account.address,
        detail: { feeBps: decision.feeBps },
      })
      metrics.auctionWon()
      const run = pipeline
        .execute(intent, orderId, decision.feeBps)
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
