import type { Hex } from 'viem'
import type { QuoteView } from './engineReader.ts'
import { isNearLiquidation, type LiquidationMark } from './liquidationMark.ts'

const BPS = 10_000n

export type HealthScheduleParameters = {
  /** Every position is read again at least this often, all in one batch; 60,000 ms unless given. */
  sweepMs?: number
  /** Read a position again when a feed it depends on moved more than this since its last read; 100 bps unless given. */
  priceMoveBps?: number
  /** Read a position again once its mark is this close to its liquidation mark; 25 bps unless given. */
  nearBps?: number
}

/** What the last read of a healthy open position left to watch for. */
export type PositionWatch = {
  /** The market's feed, and the side of its quote the engine marks the position at. */
  marketFeed: Hex
  side: 'low' | 'high'
  liquidation: LiquidationMark
  /** Mid price at the read, per feed the position's health depends on (the market's; the collateral's). */
  midsAtRead: ReadonlyMap<Hex, bigint>
}

/**
 * Which positions the keeper reads on a pass, so its cost follows what happens rather than how many
 * positions are open: a position is read when it is new or something happened to it (`touch`), when its
 * market's price nears or crosses its liquidation mark, when one of its prices moved more than
 * `priceMoveBps` since its last read (the liquidation mark assumes the rest held still), and in a sweep
 * every `sweepMs`. Between those, a price tick costs one comparison per position and no read.
 */
export type HealthSchedule = {
  /** New, or something happened to it (fill, close, liquidation, debt, backing): read it on the next pass. */
  touch(orderId: Hex): void
  /** Read and healthy: what to watch for until the next read. */
  watch(orderId: Hex, watch: PositionWatch): void
  /** Known, but nothing a price can change (closed with debt, waiting for a turn): events and sweeps only. */
  idle(orderId: Hex): void
  forget(orderId: Hex): void
  has(orderId: Hex): boolean
  /** The feeds whose latest quotes `due` needs. */
  feeds(): Hex[]
  /**
   * The positions to read now, given the latest quotes (a feed left out of `quotes` has no usable
   * price and triggers nothing); `sweep` when this call is a sweep (every position is in it).
   */
  due(nowMs: number, quotes: ReadonlyMap<Hex, QuoteView>): { orderIds: Hex[]; sweep: boolean }
  readonly size: number
}

type Entry = { state: 'touched' } | { state: 'idle' } | { state: 'watched'; watch: PositionWatch }

export function createHealthSchedule(parameters: HealthScheduleParameters = {}): HealthSchedule {
  const sweepMs = parameters.sweepMs ?? 60_000
  const priceMoveBps = BigInt(parameters.priceMoveBps ?? 100)
  const nearBps = BigInt(parameters.nearBps ?? 25)
  const entries = new Map<Hex, Entry>()
  let nextSweepAtMs: number | undefined

  function isTriggered(watch: PositionWatch, quotes: ReadonlyMap<Hex, QuoteView>): boolean {
    const market = quotes.get(watch.marketFeed)
    if (market !== undefined) {
      const mark = watch.side === 'low' ? market.low : market.high
      if (isNearLiquidation(watch.liquidation, mark, nearBps)) return true
    }
    for (const [feed, midAtRead] of watch.midsAtRead) {
      const mid = quotes.get(feed)?.mid
      if (mid === undefined) continue
      const move = mid > midAtRead ? mid - midAtRead : midAtRead - mid
      if (move * BPS > midAtRead * priceMoveBps) return true
    }
    return false
  }

  return {
    touch: (orderId) => entries.set(orderId, { state: 'touched' }),
    watch: (orderId, watch) => entries.set(orderId, { state: 'watched', watch }),
    idle: (orderId) => entries.set(orderId, { state: 'idle' }),
    forget: (orderId) => entries.delete(orderId),
    has: (orderId) => entries.has(orderId),
    feeds() {
      const feeds = new Set<Hex>()
      for (const entry of entries.values()) {
        if (entry.state === 'watched') for (const feed of entry.watch.midsAtRead.keys()) feeds.add(feed)
      }
      return [...feeds]
    },
    due(nowMs, quotes) {
      // The first pass reads every position anyway (all are new): the sweep clock starts there.
      nextSweepAtMs ??= nowMs + sweepMs
      const sweep = nowMs >= nextSweepAtMs
      if (sweep) nextSweepAtMs = nowMs + sweepMs
      const orderIds: Hex[] = []
      for (const [orderId, entry] of entries) {
        if (sweep || entry.state === 'touched') orderIds.push(orderId)
        else if (entry.state === 'watched' && isTriggered(entry.watch, quotes)) orderIds.push(orderId)
      }
      return { orderIds, sweep }
    },
    get size() {
      return entries.size
    },
  }
}
