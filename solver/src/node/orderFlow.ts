import {
  parseSolverBid,
  type SignedMarginIntent,
  type SignedSolverBid,
  signSolverBid,
  stringifySolverBid,
  verifySolverBid,
} from '@xmargin/intents'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { Hex, LocalAccount } from 'viem'
import type { AddBidResult, AuctionBook } from '../domain/auction/auctionBook.ts'
import type { FadeBook } from '../domain/auction/fadeBook.ts'
import type { Strategy } from '../domain/strategy/strategy.ts'
import type { Logger } from '../infra/createLogger.ts'
import type { NodeMetrics } from '../infra/metrics.ts'
import type { NodeStore } from '../infra/store/nodeStore.ts'
import type { FillPipeline } from '../pipeline/createFillPipeline.ts'
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
  acceptIntent(orderId: Hex, intent: SignedMarginIntent, source: 'http' | 'gossip'): Promise<void>
  /** Gossip validator for bids; an accepted bid is recorded before the verdict returns. */
  takeBid(data: Uint8Array | string, receivedAtMs: number): BidVerdict
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

  async function acceptIntent(orderId: Hex, signed: SignedMarginIntent, source: 'http' | 'gossip') {
    const now = Date.now()
    const { order } = signed
    auctions.set(orderId, signed)
    auction.addOrder({
      orderId,
      schedule: order.orderData.fee,
      openDeadline: order.openDeadline,
      receivedAtMs: now,
    })
    hub.record({ orderId, kind: 'received', atMs: now, detail: { source } })
    if (source === 'gossip') metrics.intentReceived('gossip', 'accepted')
    const feeBps = await quote(signed).catch((error: unknown) => {
      logger.warn({ orderId, err: error }, 'quote failed; not bidding')
      return null
    })
    if (feeBps === null) {
      logger.info({ orderId, strategy: strategy.name }, 'passing on intent')
      return
    }
    const bid = {
      orderId,
      solver: account.address,
      feeBps,
      // The bid binds until the order can no longer be opened.
      expiry: order.openDeadline,
    }
    const signedBid = await signSolverBid({ bid, account })
    recordBid(signedBid, Date.now())
    await parameters.publishBid(stringifySolverBid(signedBid))
    metrics.bidSent()
    logger.info({ orderId, feeBps }, 'bid sent')
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

  function takeBid(data: Uint8Array | string, receivedAtMs: number): BidVerdict {
    let signed: SignedSolverBid
    try {
      signed = parseSolverBid(data)
      verifySolverBid(signed, { now: Math.floor(receivedAtMs / 1000) })
    } catch {
      return 'reject'
    }
    // A bid may overtake its intent; without the intent it cannot be judged, so it is not forwarded.
    if (store.getIntent(signed.bid.orderId) === undefined) return 'ignore'
    const outcome = recordBid(signed, receivedAtMs)
    if (outcome === 'above-max') return 'reject'
    if (outcome !== 'added') return 'ignore'
    metrics.bidReceived()
    return 'accept'
  }

  function isBanned(solver: Hex): boolean {
    const record = store.getFade(solver)
    return record !== undefined && fades.isBanned(record, Date.now())
  }

  function tick(): void {
    const now = Date.now()
    for (const [orderId, intent] of auctions) {
      if (executing.has(orderId)) continue
      const decision = auction.decide(orderId, now, isBanned)
      if (decision.kind === 'opened' || decision.kind === 'closed') {
        auctions.delete(orderId)
        continue
      }
      if (decision.kind === 'faded') {
        const record = fades.recordFade(decision.solver, now, store.getFade(decision.solver))
        store.putFade(record)
        metrics.fade()
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
