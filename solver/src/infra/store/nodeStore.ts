import type { SignedMarginIntent, SignedSolverBid } from '@xmargin/intents'
import type { Hex } from 'viem'
import type { TimelineEntry, TimelineKind } from '../../domain/timeline.ts'

/**
 * Where this node's own fill of an order stands. Persisted before each step's transaction is sent, so
 * a restarted node resumes from chain state (escrow and position) and never sends a step twice.
 */
export type FillStep =
  | 'planned' // we won (or took over after a fade); nothing sent
  | 'opening' // `openFor` being sent / sent (txHash recorded)
  | 'filling' // opened; `fill` being sent / sent
  | 'filled' // position open on the destination; waiting for messages to settle the fee and front
  | 'settled' // fee paid and front repaid
  | 'abandoned' // gave up (reason): e.g. someone else opened, deadline passed, limit price crossed

export type FillJob = {
  orderId: Hex
  step: FillStep
  feeBps: number
  /** Last transaction sent for the current step, if any. */
  txHash?: Hex
  attempts: number
  updatedAtMs: number
  reason?: string
}

export type StoredIntent = {
  orderId: Hex
  intent: SignedMarginIntent
  receivedAtMs: number
}

export type StoredBid = SignedSolverBid & { receivedAtMs: number }

/** A solver's fade record: how many times it faded and until when this node ignores its bids. */
export type FadeRecord = { solver: Hex; fades: number; bannedUntilMs: number }

/** The chain events a keeper observes (createKeeper's `observe`). */
export const KEEPER_KINDS: readonly TimelineKind[] = [
  'opened',
  'filled',
  'expired',
  'backed',
  'closed',
  'liquidated',
  'debt-settled',
  'withdrawal-requested',
]

/**
 * Events that end a keeper's work on an order: an expiry (or the refund after it), a close, or the
 * settled debt of a liquidation. A liquidation without debt ends nothing here; the keeper reads the
 * position once after a restart and forgets it.
 */
export const KEEPER_DONE_KINDS: readonly TimelineKind[] = [
  'expired',
  'refunded',
  'closed',
  'debt-settled',
  'seized',
]

/**
 * The node's persistent state (SQLite via node:sqlite in createSqliteStore). Every write is one
 * transaction; reads return copies. Idempotent: putting the same intent, bid or chain event twice
 * stores it once (timeline entries are unique per orderId + kind + txHash + actor).
 */
export type NodeStore = {
  putIntent(intent: StoredIntent): boolean // false when already known
  getIntent(orderId: Hex): StoredIntent | undefined
  /** Whether the intent stored under `orderId` has exactly this canonical JSON (`stringifyIntent`). */
  hasIntentJson(orderId: Hex, json: string): boolean
  /** Intents whose fill deadline is at or after `nowSeconds` (still worth watching). */
  liveIntents(nowSeconds: number): StoredIntent[]
  putBid(bid: StoredBid): boolean // false when this solver already bid on the order (first bid binds)
  bidsFor(orderId: Hex): StoredBid[]
  appendTimeline(entry: TimelineEntry): boolean // false when already recorded
  /** In the order this node learnt them (chain events carry whole-second block times). */
  timeline(orderId: Hex): TimelineEntry[]
  /**
   * The chain events of every order a keeper may still have to act on (opened and neither filled nor
   * expired, or filled and neither closed nor its debt settled), oldest first: a restarted node's
   * watcher resumes after its cursor, so its keeper learns the older positions from here.
   */
  keeperTimeline(): TimelineEntry[]
  putJob(job: FillJob): void
  getJob(orderId: Hex): FillJob | undefined
  /** Jobs not yet `settled` or `abandoned`: what a restarted node must resume. */
  unfinishedJobs(): FillJob[]
  getFade(solver: Hex): FadeRecord | undefined
  putFade(record: FadeRecord): void
  /** Chain scan cursors (last block scanned per chain and purpose). */
  getCursor(key: string): bigint | undefined
  putCursor(key: string, block: bigint): void
  close(): void
}
