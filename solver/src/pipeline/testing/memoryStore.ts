import { stringifyIntent } from '@xmargin/intents'
import type { Hex } from 'viem'
import type { TimelineEntry } from '../../domain/timeline.ts'
import {
  type FadeRecord,
  type FillJob,
  KEEPER_DONE_KINDS,
  KEEPER_KINDS,
  type NodeStore,
  type StoredBid,
  type StoredIntent,
} from '../../infra/store/nodeStore.ts'

/** A NodeStore in memory, for the pipeline's tests: same contract as the SQLite store, no file. */
export function createMemoryStore(): NodeStore {
  const intents = new Map<Hex, StoredIntent>()
  const bids = new Map<Hex, StoredBid[]>()
  const timelines = new Map<Hex, TimelineEntry[]>()
  /** Every entry in the order appended (the SQLite store's `seq`). */
  const appended: TimelineEntry[] = []
  const jobs = new Map<Hex, FillJob>()
  const fades = new Map<Hex, FadeRecord>()
  const cursors = new Map<string, bigint>()
  const copy = <T>(value: T): T => structuredClone(value)

  return {
    putIntent(intent) {
      if (intents.has(intent.orderId)) return false
      intents.set(intent.orderId, copy(intent))
      return true
    },
    getIntent: (orderId) => copy(intents.get(orderId)),
    hasIntentJson(orderId, json) {
      const stored = intents.get(orderId)
      return stored !== undefined && stringifyIntent(stored.intent) === json
    },
    liveIntents: (nowSeconds) =>
      [...intents.values()].filter((i) => i.intent.order.fillDeadline >= nowSeconds).map(copy),
    putBid(bid) {
      const list = bids.get(bid.bid.orderId) ?? []
      if (list.some((b) => b.bid.solver.toLowerCase() === bid.bid.solver.toLowerCase())) return false
      bids.set(bid.bid.orderId, [...list, copy(bid)])
      return true
    },
    bidsFor: (orderId) => (bids.get(orderId) ?? []).map(copy),
    appendTimeline(entry) {
      const list = timelines.get(entry.orderId) ?? []
      const same = (e: TimelineEntry) =>
        e.kind === entry.kind && e.txHash === entry.txHash && e.actor === entry.actor
      if (list.some(same)) return false
      timelines.set(entry.orderId, [...list, copy(entry)])
      appended.push(copy(entry))
      return true
    },
    timeline: (orderId) => (timelines.get(orderId) ?? []).map(copy),
    keeperTimeline() {
      const done = (orderId: Hex) =>
        (timelines.get(orderId) ?? []).some((e) => KEEPER_DONE_KINDS.includes(e.kind))
      return appended.filter((e) => KEEPER_KINDS.includes(e.kind) && !done(e.orderId)).map(copy)
    },
    putJob(job) {
      jobs.set(job.orderId, copy(job))
    },
    getJob: (orderId) => copy(jobs.get(orderId)),
    unfinishedJobs: () =>
      [...jobs.values()].filter((j) => j.step !== 'settled' && j.step !== 'abandoned').map(copy),
    getFade: (solver) => copy(fades.get(solver)),
    putFade(record) {
      fades.set(record.solver, copy(record))
    },
    getCursor: (key) => cursors.get(key),
    putCursor(key, block) {
      cursors.set(key, block)
    },
    close() {},
  }
}
