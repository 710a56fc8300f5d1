import { DatabaseSync, type SQLOutputValue, type StatementSync } from 'node:sqlite'
import { decodeIntent, stringifyIntent } from '@xmargin/intents'
import type { Address, Hex } from 'viem'
import type { TimelineEntry, TimelineKind } from '../../domain/timeline.ts'
import { ConfigError, SolverError } from '../../errors.ts'
import {
  type FadeRecord,
  type FillJob,
  type FillStep,
  KEEPER_DONE_KINDS,
  KEEPER_KINDS,
  type NodeStore,
  type StoredBid,
  type StoredIntent,
} from './nodeStore.ts'

export type CreateSqliteStoreReturnType = NodeStore

/** Bumped on any incompatible schema change; a store written by another version is refused. */
export const STORE_SCHEMA_VERSION = 1

// Hashes, addresses and tx hashes are keyed lowercased so that casing never makes a duplicate.
// uint256-sized values (block numbers) are decimal TEXT: SQLite integers stop at 2^63.
// Timeline uniqueness uses '' for an absent tx hash/actor, since SQLite's UNIQUE treats NULLs as distinct.
const SCHEMA = `
CREATE TABLE intents (
  order_id TEXT PRIMARY KEY,
  json TEXT NOT NULL,
  fill_deadline INTEGER NOT NULL,
  received_at_ms INTEGER NOT NULL
);
CREATE INDEX intents_fill_deadline ON intents (fill_deadline);
CREATE TABLE bids (
  order_id TEXT NOT NULL,
  solver_key TEXT NOT NULL,
  solver TEXT NOT NULL,
  fee_bps INTEGER NOT NULL,
  expiry INTEGER NOT NULL,
  signature TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL,
  PRIMARY KEY (order_id, solver_key)
);
CREATE TABLE timeline (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  actor TEXT,
  actor_key TEXT NOT NULL,
  chain_id INTEGER,
  block_number TEXT,
  tx_hash TEXT,
  tx_key TEXT NOT NULL,
  detail TEXT NOT NULL,
  UNIQUE (order_id, kind, tx_key, actor_key)
);
CREATE TABLE jobs (
  order_id TEXT PRIMARY KEY,
  step TEXT NOT NULL,
  fee_bps INTEGER NOT NULL,
  tx_hash TEXT,
  attempts INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  reason TEXT
);
CREATE INDEX jobs_step ON jobs (step);
CREATE TABLE fades (
  solver_key TEXT PRIMARY KEY,
  solver TEXT NOT NULL,
  fades INTEGER NOT NULL,
  banned_until_ms INTEGER NOT NULL
);
CREATE TABLE cursors (
  key TEXT PRIMARY KEY,
  block TEXT NOT NULL
);
`

type Row = Record<string, SQLOutputValue>

/**
 * A NodeStore on SQLite (`node:sqlite`, synchronous, in-process). `path` is a file or `:memory:`. The
 * schema is created on first open; a file of another schema version is refused with a ConfigError.
 * Every write is a single statement, so each is atomic on its own.
 */
export function createSqliteStore(path: string): CreateSqliteStoreReturnType {
  const db = new DatabaseSync(path)
  try {
    openSchema(db)
  } catch (error) {
    db.close()
    throw error
  }
  const sql = prepareStatements(db)

  return {
    putIntent({ orderId, intent, receivedAtMs }) {
      const result = sql.putIntent.run(
        key(orderId),
        stringifyIntent(intent),
        intent.order.fillDeadline,
        receivedAtMs,
      )
      return result.changes > 0
    },
    getIntent(orderId) {
      const row = sql.getIntent.get(key(orderId))
      return row === undefined ? undefined : intentOf(row)
    },
    hasIntentJson(orderId, json) {
      // The primary key finds the row; comparing text in SQL avoids decoding the stored intent.
      return sql.hasIntentJson.get(key(orderId), json) !== undefined
    },
    liveIntents(nowSeconds) {
      return sql.liveIntents.all(nowSeconds).map(intentOf)
    },
    putBid({ bid, signature, receivedAtMs }) {
      const result = sql.putBid.run(
        key(bid.orderId),
        key(bid.solver),
        bid.solver,
        bid.feeBps,
        bid.expiry,
        signature,
        receivedAtMs,
      )
      return result.changes > 0
    },
    bidsFor(orderId) {
      return sql.bidsFor.all(key(orderId)).map(bidOf)
    },
    appendTimeline(entry) {
      const result = sql.appendTimeline.run(
        key(entry.orderId),
        entry.kind,
        entry.atMs,
        entry.actor ?? null,
        entry.actor === undefined ? '' : key(entry.actor),
        entry.chainId ?? null,
        entry.blockNumber === undefined ? null : entry.blockNumber.toString(),
        entry.txHash ?? null,
        entry.txHash === undefined ? '' : key(entry.txHash),
        JSON.stringify(entry.detail),
      )
      return result.changes > 0
    },
    timeline(orderId) {
      return sql.timeline.all(key(orderId)).map(timelineEntryOf)
    },
    keeperTimeline() {
      return sql.keeperTimeline.all().map(timelineEntryOf)
    },
    putJob(job) {
      sql.putJob.run(
        key(job.orderId),
        job.step,
        job.feeBps,
        job.txHash ?? null,
        job.attempts,
        job.updatedAtMs,
        job.reason ?? null,
      )
    },
    getJob(orderId) {
      const row = sql.getJob.get(key(orderId))
      return row === undefined ? undefined : jobOf(row)
    },
    unfinishedJobs() {
      return sql.unfinishedJobs.all().map(jobOf)
    },
    getFade(solver) {
      const row = sql.getFade.get(key(solver))
      return row === undefined ? undefined : fadeOf(row)
    },
    putFade(record) {
      sql.putFade.run(key(record.solver), record.solver, record.fades, record.bannedUntilMs)
    },
    getCursor(name) {
      const row = sql.getCursor.get(name)
      return row === undefined ? undefined : BigInt(text(row.block))
    },
    putCursor(name, block) {
      sql.putCursor.run(name, block.toString())
    },
    close() {
      if (db.isOpen) db.close()
    },
  }
}

function openSchema(db: DatabaseSync): void {
  // WAL lets readers (the HTTP API) run beside the writer; NORMAL sync is durable enough with WAL
  // (a power cut may lose the last commits, never corrupt the file).
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;')
  const version = Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0)
  if (version === STORE_SCHEMA_VERSION) return
  if (version !== 0) {
    throw new ConfigError('store', `schema version ${version} is not ${STORE_SCHEMA_VERSION}`)
  }
  db.exec(`BEGIN IMMEDIATE; ${SCHEMA} PRAGMA user_version = ${STORE_SCHEMA_VERSION}; COMMIT;`)
}

function prepareStatements(db: DatabaseSync): Statements {
  return {
    putIntent: db.prepare(
      'INSERT OR IGNORE INTO intents (order_id, json, fill_deadline, received_at_ms) VALUES (?, ?, ?, ?)',
    ),
    getIntent: db.prepare('SELECT * FROM intents WHERE order_id = ?'),
    hasIntentJson: db.prepare('SELECT 1 FROM intents WHERE order_id = ? AND json = ?'),
    liveIntents: db.prepare(
      'SELECT * FROM intents WHERE fill_deadline >= ? ORDER BY received_at_ms, order_id',
    ),
    putBid: db.prepare(
      `INSERT OR IGNORE INTO bids (order_id, solver_key, solver, fee_bps, expiry, signature, received_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    bidsFor: db.prepare('SELECT * FROM bids WHERE order_id = ? ORDER BY received_at_ms, solver_key'),
    appendTimeline: db.prepare(
      `INSERT OR IGNORE INTO timeline
       (order_id, kind, at_ms, actor, actor_key, chain_id, block_number, tx_hash, tx_key, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    timeline: db.prepare('SELECT * FROM timeline WHERE order_id = ? ORDER BY seq'),
    keeperTimeline: db.prepare(
      `SELECT * FROM timeline AS t
       WHERE t.kind IN (${sqlList(KEEPER_KINDS)})
         AND NOT EXISTS (
           SELECT 1 FROM timeline AS done
           WHERE done.order_id = t.order_id AND done.kind IN (${sqlList(KEEPER_DONE_KINDS)})
         )
       ORDER BY t.seq`,
    ),
    putJob: db.prepare(
      `INSERT OR REPLACE INTO jobs (order_id, step, fee_bps, tx_hash, attempts, updated_at_ms, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    getJob: db.prepare('SELECT * FROM jobs WHERE order_id = ?'),
    unfinishedJobs: db.prepare(
      "SELECT * FROM jobs WHERE step NOT IN ('settled', 'abandoned') ORDER BY updated_at_ms, order_id",
    ),
    getFade: db.prepare('SELECT * FROM fades WHERE solver_key = ?'),
    putFade: db.prepare(
      'INSERT OR REPLACE INTO fades (solver_key, solver, fades, banned_until_ms) VALUES (?, ?, ?, ?)',
    ),
    getCursor: db.prepare('SELECT block FROM cursors WHERE key = ?'),
    putCursor: db.prepare('INSERT OR REPLACE INTO cursors (key, block) VALUES (?, ?)'),
  }
}

type Statements = {
  putIntent: StatementSync
  getIntent: StatementSync
  hasIntentJson: StatementSync
  liveIntents: StatementSync
  putBid: StatementSync
  bidsFor: StatementSync
  appendTimeline: StatementSync
  timeline: StatementSync
  keeperTimeline: StatementSync
  putJob: StatementSync
  getJob: StatementSync
  unfinishedJobs: StatementSync
  getFade: StatementSync
  putFade: StatementSync
  getCursor: StatementSync
  putCursor: StatementSync
}

function intentOf(row: Row): StoredIntent {
  // Stored text was produced by stringifyIntent from a verified intent: decoding restores it exactly
  // (decodeIntent re-checks field shapes, which is cheap; the signature is not re-verified).
  const document = decodeIntent(JSON.parse(text(row.json)))
  if (document.signature === undefined) {
    throw new SolverError('INTERNAL', 'stored intent has no signature', {
      details: { orderId: row.order_id },
    })
  }
  return {
    orderId: text(row.order_id) as Hex,
    intent: { order: document.order, signature: document.signature },
    receivedAtMs: num(row.received_at_ms),
  }
}

function bidOf(row: Row): StoredBid {
  return {
    bid: {
      orderId: text(row.order_id) as Hex,
      solver: text(row.solver) as Address,
      feeBps: num(row.fee_bps),
      expiry: num(row.expiry),
    },
    signature: text(row.signature) as Hex,
    receivedAtMs: num(row.received_at_ms),
  }
}

/** Constant kinds (no quotes in them) as an SQL list. */
function sqlList(kinds: readonly string[]): string {
  return kinds.map((kind) => `'${kind}'`).join(', ')
}

function timelineEntryOf(row: Row): TimelineEntry {
  const entry: TimelineEntry = {
    orderId: text(row.order_id) as Hex,
    kind: text(row.kind) as TimelineKind,
    atMs: num(row.at_ms),
    detail: JSON.parse(text(row.detail)) as TimelineEntry['detail'],
  }
  if (row.actor !== null) entry.actor = text(row.actor) as Address
  if (row.chain_id !== null) entry.chainId = num(row.chain_id)
  if (row.block_number !== null) entry.blockNumber = BigInt(text(row.block_number))
  if (row.tx_hash !== null) entry.txHash = text(row.tx_hash) as Hex
  return entry
}

function jobOf(row: Row): FillJob {
  const job: FillJob = {
    orderId: text(row.order_id) as Hex,
    step: text(row.step) as FillStep,
    feeBps: num(row.fee_bps),
    attempts: num(row.attempts),
    updatedAtMs: num(row.updated_at_ms),
  }
  if (row.tx_hash !== null) job.txHash = text(row.tx_hash) as Hex
  if (row.reason !== null) job.reason = text(row.reason)
  return job
}

function fadeOf(row: Row): FadeRecord {
  return { solver: text(row.solver) as Hex, fades: num(row.fades), bannedUntilMs: num(row.banned_until_ms) }
}

function key(hex: string): string {
  return hex.toLowerCase()
}

function text(value: SQLOutputValue | undefined): string {
  if (typeof value !== 'string') throw new SolverError('INTERNAL', 'store: expected a text column')
  return value
}

function num(value: SQLOutputValue | undefined): number {
  if (typeof value !== 'number') throw new SolverError('INTERNAL', 'store: expected a number column')
  return value
}
