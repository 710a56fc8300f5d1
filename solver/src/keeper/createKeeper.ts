import { loadArtifact } from '@xmargin/settlement-contracts/deploy'
import {
  type Address,
  erc20Abi,
  getAddress,
  type Hex,
  keccak256,
  maxUint256,
  type PublicClient,
  toHex,
} from 'viem'
import type { TimelineEntry } from '../domain/timeline.ts'
import { turnWaitMs, type WorkTurn } from '../domain/turn/workTurn.ts'
import { TxRevertedError } from '../errors.ts'
import { decodeOriginData } from '../infra/chain/decodeOriginData.ts'
import type { ContractCall, TxSender } from '../infra/chain/txSender.types.ts'
import type { Logger } from '../infra/createLogger.ts'
import { createPollLoop } from '../infra/pollLoop.ts'
import {
  createEngineReader,
  type EngineReader,
  type HealthView,
  type PositionView,
  type QuoteView,
} from './engineReader.ts'
import { createHealthSchedule, type HealthScheduleParameters } from './healthSchedule.ts'
import { EXPECTED_REVERTS, hasDebtToSettle, isExpirable, isLiquidatable } from './keeperRules.ts'
import { liquidationMark } from './liquidationMark.ts'
import { expiredPayload, MESSAGE_KIND, payoutPayload } from './messagePayloads.ts'

export type KeeperAction = 'liquidate' | 'settle-debt' | 'expire'

export type KeeperEvent =
  | { type: 'keeper:liquidated' | 'keeper:debt-settled' | 'keeper:expired'; orderId: Hex; txHash: Hex }
  /** The chain moved first (another keeper did it, the trader closed, the price recovered): no failure. */
  | { type: 'keeper:lost-race'; orderId: Hex; action: KeeperAction; reason: string; txHash?: Hex }
  | { type: 'keeper:failed'; orderId: Hex; action: KeeperAction; reason: string; txHash?: Hex }

/** This keeper's place among the network's keepers; `delayMs` is KEEPER_TURN_DELAY_MS unless given. */
export type KeeperTurn = Omit<WorkTurn, 'delayMs'> & { delayMs?: number }

export type KeeperParameters = {
  destination: { client: PublicClient; sender: TxSender; engine: Address; settlementToken: Address }
  logger: Logger
  /** Milliseconds between passes when started; 1,000 unless given. */
  pollMs?: number
  onEvent?: (event: KeeperEvent) => void
  /** Chain time in seconds (deadlines are judged by it); the destination's latest block unless given. */
  nowSeconds?: () => Promise<number>
  /** Take turns with the other keepers on each order; a keeper without a turn acts at once. */
  turn?: KeeperTurn
  /** When positions are read again (event-driven, see HealthSchedule). */
  schedule?: HealthScheduleParameters
  /** Reads in flight at once when many positions are due (a sweep); 8 unless given. */
  readConcurrency?: number
  /** How the engine is read; the engine's own reader on `destination.client` unless given. */
  reader?: EngineReader
}

export type Keeper = {
  /** Learns orders from the chain watcher's timeline: opened (to expire), filled and what follows (to watch). */
  observe(entry: TimelineEntry): void
  /** One pass: liquidate unhealthy positions, settle their debt, expire unfilled orders past deadline. */
  update(): Promise<KeeperEvent[]>
  start(): void
  stop(): Promise<void>
}

/**
 * How long the k-th keeper of an order waits after the first: one block plus one poll on the devnet
 * (1 s blocks, 250 ms polls), so the first keeper's transaction is mined and seen before the next one
 * looks. It costs nothing while the first keeper is up; if it is down, its orders are liquidated one
 * delay later, which the engine's T_exec must cover: tolerating one dead keeper takes `execSeconds`
 * from 2 to 4 (whole seconds), so T_detect + T_exec + T_message + T_seize goes from 16 to 18 s and the
 * latency buffer from z·σ·⌈√16⌉ to z·σ·⌈√18⌉ — 16 to 20 bps of notional on the devnet's ETH-USD.
 */
export const KEEPER_TURN_DELAY_MS = 1_500

type PendingOrder = { originData: Hex; fillDeadline: number; originChainId: number; routeId: Hex }
type Turn = { orderId: Hex; action: KeeperAction; dueAtMs: number }
type RecordEvent = (event: KeeperEvent) => void

// Read when first used, not at import: commands that never touch a chain must load without the build.
const engineAbi = () => loadArtifact('MarginEngine.sol').abi

// A position's timeline after its fill: each of these changes its health or its debt.
const TOUCHES: ReadonlySet<TimelineEntry['kind']> = new Set([
  'backed',
  'closed',
  'liquidated',
  'debt-settled',
  'withdrawal-requested',
])

/**
 * The keeper role on one destination engine. Liquidation pays a bounded reward; settling debt costs
 * settlement tokens here and pays collateral plus a bonus on the origin (`Seize` to the keeper);
 * expiring costs the message. Whoever triggers a message pays for it, so every call carries the
 * messenger's quote for the messages it may send.
 *
 * Positions are read on a schedule (HealthSchedule), not on every pass: a pass reads the quotes of the
 * feeds in use, compares each position's mark with its liquidation mark, and reads only the positions
 * that are new, touched by an event, near liquidation, moved, waiting for their turn, or swept. The
 * engine stays the judge: nothing is sent unless its `health` says so, and the sender simulates first.
 */
export function createKeeper(parameters: KeeperParameters): Keeper {
  const { client, sender, engine, settlementToken } = parameters.destination
  const { logger } = parameters
  const emit = parameters.onEvent ?? (() => {})
  const reader = parameters.reader ?? createEngineReader(client, engine)
  const nowSeconds = parameters.nowSeconds ?? (() => reader.chainTime())
  const turn: WorkTurn | undefined =
    parameters.turn === undefined
      ? undefined
      : { ...parameters.turn, delayMs: parameters.turn.delayMs ?? KEEPER_TURN_DELAY_MS }
  const concurrency = parameters.readConcurrency ?? 8
  const schedule = createHealthSchedule(parameters.schedule)
  const pending = new Map<Hex, PendingOrder>()
  const turns = new Map<string, Turn>()
  let config = createConfigCache(reader)
  let approval: Promise<void> | undefined
  let queue: Promise<unknown> = Promise.resolve()

  function observe(entry: TimelineEntry): void {
    if (entry.kind === 'opened') {
      observeOpened(entry)
      return
    }
    if (entry.chainId !== sender.chainId) return
    if (entry.kind === 'filled') {
      pending.delete(entry.orderId)
      schedule.touch(entry.orderId)
    } else if (entry.kind === 'expired') {
      pending.delete(entry.orderId)
      schedule.forget(entry.orderId)
    } else if (TOUCHES.has(entry.kind) && schedule.has(entry.orderId)) {
      schedule.touch(entry.orderId)
    }
  }

  function observeOpened(entry: TimelineEntry): void {
    const { originData, fillDeadline } = entry.detail
    if (typeof originData !== 'string' || typeof fillDeadline !== 'number') return
    try {
      const { order, intent } = decodeOriginData(originData as Hex)
      const data = intent.orderData
      if (
        Number(data.destinationChainId) !== sender.chainId ||
        getAddress(data.destinationSettler) !== getAddress(engine)
      ) {
        return
      }
      pending.set(entry.orderId, {
        originData: originData as Hex,
        fillDeadline,
        originChainId: Number(order.originChainId),
        routeId: keccak256(toHex(data.route)),
      })
    } catch (error) {
      logger.debug({ orderId: entry.orderId, err: error }, 'opened order is not an xmargin order; ignored')
    }
  }

  async function pass(): Promise<KeeperEvent[]> {
    const events: KeeperEvent[] = []
    const record = (event: KeeperEvent) => {
      events.push(event)
      emit(event)
    }
    await keepPositions(record)
    await expireOrders(record)
    return events
  }

  async function keepPositions(record: RecordEvent): Promise<void> {
    if (schedule.size === 0) return
    const now = Date.now()
    const { orderIds, sweep } = schedule.due(now, await latestQuotes(schedule.feeds()))
    // A sweep also re-reads the engine's configuration, in case its owner changed a market.
    if (sweep) config = createConfigCache(reader)
    const due = new Set(orderIds)
    for (const waiting of turns.values()) {
      if (waiting.action !== 'expire' && waiting.dueAtMs <= now) due.add(waiting.orderId)
    }
    if (due.size === 0) return
    const atBlock = createBlockView(reader, await reader.blockNumber())
    const failed: { orderId: Hex; error: unknown }[] = []
    await forEachLimited([...due], concurrency, async (orderId) => {
      try {
        await keepPosition(orderId, atBlock, record)
      } catch (error) {
        // Left as it was: a new or touched position is read again next pass, a watched one when due.
        failed.push({ orderId, error })
      }
    })
    const [first] = failed
    if (first !== undefined) {
      logger.warn(
        { positions: failed.length, orderId: first.orderId, err: first.error },
        'could not read positions; retrying next pass',
      )
    }
  }

  /** Quotes of `feeds` at the latest block; a feed whose price the oracle refuses (stale) is left out. */
  async function latestQuotes(feeds: readonly Hex[]): Promise<Map<Hex, QuoteView>> {
    const quotes = new Map<Hex, QuoteView>()
    await Promise.all(
      feeds.map(async (feed) => {
        try {
          quotes.set(feed, await reader.quote(feed))
        } catch (error) {
          logger.debug({ feed, err: error }, 'no usable price; positions on it wait for an event or a sweep')
        }
      }),
    )
    return quotes
  }

  async function keepPosition(orderId: Hex, atBlock: BlockView, record: RecordEvent): Promise<void> {
    let position = await reader.position(orderId, atBlock.blockNumber)
    if (position.status === 'open') {
      const health = await reader.health(orderId, atBlock.blockNumber)
      if (isLiquidatable(health)) {
        if (!isMyTurn(orderId, 'liquidate')) {
          schedule.idle(orderId)
          return
        }
        await liquidate(orderId, position, record)
        position = await reader.position(orderId)
      } else {
        endTurn(orderId, 'liquidate')
        await watchHealth(orderId, position, health, atBlock)
      }
    }
    if (hasDebtToSettle(position)) {
      if (!isMyTurn(orderId, 'settle-debt')) {
        schedule.idle(orderId)
        return
      }
      await settleDebt(orderId, position, record)
      position = await reader.position(orderId)
    } else {
      endTurn(orderId, 'settle-debt')
    }
    if (position.status === 'open') return
    // Closed: done once debt-free; debt not yet backed waits for `backed`.
    if (position.debt === 0n) forget(orderId)
    else schedule.idle(orderId)
  }

  /** Remembers where a healthy open position becomes liquidatable, as of the block it was read at. */
  async function watchHealth(orderId: Hex, position: PositionView, health: HealthView, atBlock: BlockView) {
    const marketFeed = await config.marketFeed(position.marketId)
    const collateralFeed = position.remoteBacked
      ? await config.collateralFeed(position.originChainId, position.collateralToken)
      : undefined
    const quote = await atBlock.quote(marketFeed)
    const mark = position.isLong ? quote.low : quote.high
    const midsAtRead = new Map<Hex, bigint>([[marketFeed, quote.mid]])
    if (collateralFeed !== undefined && collateralFeed !== marketFeed) {
      midsAtRead.set(collateralFeed, (await atBlock.quote(collateralFeed)).mid)
    }
    schedule.watch(orderId, {
      marketFeed,
      side: position.isLong ? 'low' : 'high',
      midsAtRead,
      liquidation: liquidationMark({
        position,
        health,
        mark,
        keeperBonusBps: await config.keeperBonusBps(),
        marginMovesWithMark: collateralFeed === marketFeed,
      }),
    })
  }

  async function liquidate(orderId: Hex, position: PositionView, record: RecordEvent): Promise<void> {
    // A full close of a debt-free backed position releases the rest: one message at most.
    const value = await reader.messageFee(position.originChainId, position.routeId, [
      payoutPayload(
        MESSAGE_KIND.release,
        orderId,
        position.sequence + 1n,
        position.collateral,
        position.trader,
      ),
    ])
    const hash = await act(
      'liquidate',
      orderId,
      { functionName: 'liquidate', args: [orderId, []], value },
      record,
    )
    endTurn(orderId, 'liquidate')
    schedule.touch(orderId)
    if (hash !== undefined) record({ type: 'keeper:liquidated', orderId, txHash: hash })
  }

  async function settleDebt(orderId: Hex, position: PositionView, record: RecordEvent): Promise<void> {
    await approveOnce()
    // `Seize` to the keeper, then (after a full close) `Release` of the rest to the trader.
    const value = await reader.messageFee(position.originChainId, position.routeId, [
      payoutPayload(MESSAGE_KIND.seize, orderId, position.sequence + 1n, position.collateral, sender.address),
      payoutPayload(
        MESSAGE_KIND.release,
        orderId,
        position.sequence + 2n,
        position.collateral,
        position.trader,
      ),
    ])
    const hash = await act(
      'settle-debt',
      orderId,
      { functionName: 'settleDebt', args: [orderId, sender.address, []], value },
      record,
    )
    endTurn(orderId, 'settle-debt')
    schedule.touch(orderId)
    if (hash !== undefined) record({ type: 'keeper:debt-settled', orderId, txHash: hash })
  }

  // Concurrent settlements share one approval.
  function approveOnce(): Promise<void> {
    approval ??= (async () => {
      if ((await reader.allowance(settlementToken, sender.address)) >= maxUint256 / 2n) return
      await sender.send({
        address: settlementToken,
        abi: erc20Abi,
        functionName: 'approve',
        args: [engine, maxUint256],
      })
    })().catch((error: unknown) => {
      approval = undefined
      throw error
    })
    return approval
  }

  async function expireOrders(record: RecordEvent): Promise<void> {
    if (pending.size === 0) return
    const now = await nowSeconds()
    for (const [orderId, order] of [...pending]) {
      if (order.fillDeadline >= now) continue
      const waiting = turns.get(turnKey(orderId, 'expire'))
      if (waiting !== undefined && waiting.dueAtMs > Date.now()) continue
      try {
        await expireOrder(orderId, order, now, record)
      } catch (error) {
        logger.warn({ orderId, err: error }, 'could not read order; retrying next pass')
      }
    }
  }

  async function expireOrder(orderId: Hex, order: PendingOrder, now: number, record: RecordEvent) {
    const { status } = await reader.position(orderId)
    if (status !== 'none') {
      pending.delete(orderId)
      endTurn(orderId, 'expire')
      if (status === 'open') schedule.touch(orderId)
      return
    }
    if (!isExpirable(order.fillDeadline, now, status) || !isMyTurn(orderId, 'expire')) return
    const value = await reader.messageFee(order.originChainId, order.routeId, [expiredPayload(orderId)])
    const hash = await act(
      'expire',
      orderId,
      { functionName: 'expire', args: [order.originData], value },
      record,
    )
    endTurn(orderId, 'expire')
    if (hash === undefined) return
    pending.delete(orderId)
    record({ type: 'keeper:expired', orderId, txHash: hash })
  }

  /** Whether this keeper's turn on the work has come; the first call for a piece of work starts its clock. */
  function isMyTurn(orderId: Hex, action: KeeperAction): boolean {
    if (turn === undefined) return true
    const key = turnKey(orderId, action)
    const now = Date.now()
    let waiting = turns.get(key)
    if (waiting === undefined) {
      waiting = { orderId, action, dueAtMs: now + turnWaitMs(orderId, turn) }
      turns.set(key, waiting)
    }
    return now >= waiting.dueAtMs
  }

  function endTurn(orderId: Hex, action: KeeperAction): void {
    turns.delete(turnKey(orderId, action))
  }

  function forget(orderId: Hex): void {
    schedule.forget(orderId)
    endTurn(orderId, 'liquidate')
    endTurn(orderId, 'settle-debt')
  }

  /**
   * Sends one engine call (simulated first by the sender); `undefined` when it did not go through. A
   * transaction mined and reverted is replayed on the latest state to learn why: a reason that means
   * someone else got there first is a lost race, not a failure.
   */
  async function act(
    action: KeeperAction,
    orderId: Hex,
    call: Omit<ContractCall, 'address' | 'abi'>,
    record: RecordEvent,
  ): Promise<Hex | undefined> {
    const contractCall: ContractCall = { address: engine, abi: engineAbi(), ...call }
    try {
      const { hash } = await sender.send(contractCall)
      return hash
    } catch (error) {
      const txHash = minedRevertOf(error)
      const reason = txHash === undefined ? reasonOf(error) : await replayReason(contractCall)
      const tx = txHash === undefined ? {} : { txHash }
      if (error instanceof TxRevertedError && EXPECTED_REVERTS.has(reason)) {
        logger.debug({ orderId, action, reason, ...tx }, 'lost the race: the chain moved first')
        record({ type: 'keeper:lost-race', orderId, action, reason, ...tx })
        return undefined
      }
      logger.warn({ orderId, action, reason, ...tx, err: error }, 'keeper action failed')
      record({ type: 'keeper:failed', orderId, action, reason, ...tx })
      return undefined
    }
  }

  /** Why `call` reverts now, or `reverted` if it no longer does (the revert had another cause). */
  async function replayReason(call: ContractCall): Promise<string> {
    try {
      await sender.simulate(call)
      return 'reverted'
    } catch (error) {
      return reasonOf(error)
    }
  }

  // Passes never overlap: a manual update() during the loop waits for the running pass.
  function update(): Promise<KeeperEvent[]> {
    const next = queue.then(pass)
    queue = next.catch(() => undefined)
    return next
  }

  const poll = createPollLoop({
    pass: update,
    pollMs: parameters.pollMs ?? 1_000,
    onError: (error) => logger.warn({ err: error }, 'keeper pass failed; retrying'),
  })

  return {
    observe,
    update,
    start: () => poll.start(),
    stop: () => poll.stop(),
  }
}

function turnKey(orderId: Hex, action: KeeperAction): string {
  return `${action}:${orderId}`
}

/** The engine's configuration the keeper needs, read once per key (until the next sweep). */
function createConfigCache(reader: EngineReader) {
  const memo = new Map<string, Promise<unknown>>()
  function once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let value = memo.get(key) as Promise<T> | undefined
    if (value === undefined) {
      value = read().catch((error: unknown) => {
        memo.delete(key)
        throw error
      })
      memo.set(key, value)
    }
    return value
  }
  return {
    marketFeed: (marketId: Hex) => once(`market:${marketId}`, () => reader.marketFeed(marketId)),
    collateralFeed: (chainId: number, token: Address) =>
      once(`collateral:${chainId}:${token}`, () => reader.collateralFeed(chainId, token)),
    keeperBonusBps: () => once('keeperBonusBps', () => reader.keeperBonusBps()),
  }
}

/** One pass's reads pinned to one block; each feed's quote is read once however many positions use it. */
type BlockView = { blockNumber: bigint; quote(feedId: Hex): Promise<QuoteView> }

function createBlockView(reader: EngineReader, blockNumber: bigint): BlockView {
  const quotes = new Map<Hex, Promise<QuoteView>>()
  return {
    blockNumber,
    quote(feedId) {
      let quote = quotes.get(feedId)
      if (quote === undefined) {
        quote = reader.quote(feedId, blockNumber)
        quotes.set(feedId, quote)
      }
      return quote
    },
  }
}

/** Runs `work` on every item, at most `limit` at a time (no Multicall3 on the devnet's anvil to batch with). */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
}

/** The hash of a transaction that was mined and reverted (TxSender's `reverted`), if that is the error. */
function minedRevertOf(error: unknown): Hex | undefined {
  if (!(error instanceof TxRevertedError) || error.details.reason !== 'reverted') return undefined
  const hash = error.details.hash
  return typeof hash === 'string' ? (hash as Hex) : undefined
}

function reasonOf(error: unknown): string {
  if (error instanceof TxRevertedError) {
    const reason = error.details.reason
    return typeof reason === 'string' ? reason : error.message
  }
  return error instanceof Error ? error.message : String(error)
}
