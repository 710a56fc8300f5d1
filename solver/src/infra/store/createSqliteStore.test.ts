import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { type SignedMarginIntent, signIntent, stringifyIntent } from '@xmargin/intents'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TimelineEntry } from '../../domain/timeline.ts'
import { createSqliteStore, STORE_SCHEMA_VERSION } from './createSqliteStore.ts'
import type { FillJob, StoredBid } from './nodeStore.ts'

const trader = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const solverA = '0x90F79bf6EB2c4f870365E785982E1f101E93b906' as const
const solverB = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65' as const
const orderA = `0x${'aa'.repeat(32)}` as Hex
const orderB = `0x${'bb'.repeat(32)}` as Hex

async function signedIntent(nonce: bigint, fillDeadline: number): Promise<SignedMarginIntent> {
  return signIntent({
    account: trader,
    intent: {
      originSettler: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      user: trader.address,
      nonce,
      originChainId: 31337n,
      openDeadline: fillDeadline - 100,
      fillDeadline,
      orderData: {
        collateralToken: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
        // Above 2^64: the codec must keep every digit.
        collateralAmount: 123_456_789_012_345_678_901_234_567_890n,
        destinationChainId: 31338n,
        destinationSettler: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
        recipient: trader.address,
        market: 'ETH-USD',
        isLong: false,
        size: 5n * 10n ** 17n,
        limitPrice: 2_900n * 10n ** 18n,
        maxLeverageBps: 50_000,
        fee: { startBps: 1, maxBps: 25, startTime: fillDeadline - 200, endTime: fillDeadline - 50 },
        route: 'hyperlane',
      },
    },
  })
}

describe('createSqliteStore', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xmargin-store-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('stores an intent once and returns it exactly, and lists only intents still fillable', async () => {
    const store = createSqliteStore(':memory:')
    const early = await signedIntent(1n, 1_000)
    const late = await signedIntent(2n, 2_000)
    expect(store.putIntent({ orderId: orderA, intent: early, receivedAtMs: 10 })).toBe(true)
    expect(store.putIntent({ orderId: orderA, intent: early, receivedAtMs: 11 })).toBe(false)
    expect(store.putIntent({ orderId: orderB, intent: late, receivedAtMs: 12 })).toBe(true)
    expect(store.getIntent(orderA)).toEqual({ orderId: orderA, intent: early, receivedAtMs: 10 })
    expect(store.getIntent(`0x${'cc'.repeat(32)}`)).toBeUndefined()
    expect(store.liveIntents(1_000).map((i) => i.orderId)).toEqual([orderA, orderB])
    expect(store.liveIntents(1_001).map((i) => i.orderId)).toEqual([orderB])
    store.close()
  })

  it('knows an intent by its exact canonical JSON under its orderId, and nothing else', async () => {
    const store = createSqliteStore(':memory:')
    const intent = await signedIntent(1n, 1_000)
    const json = stringifyIntent(intent)
    expect(store.hasIntentJson(orderA, json)).toBe(false)
    store.putIntent({ orderId: orderA, intent, receivedAtMs: 10 })
    expect(store.hasIntentJson(orderA, json)).toBe(true)
    expect(store.hasIntentJson(orderA.toUpperCase().replace('0X', '0x') as Hex, json)).toBe(true)
    expect(store.hasIntentJson(orderA, ` ${json}`)).toBe(false)
    expect(store.hasIntentJson(orderB, json)).toBe(false)
    store.close()
  })

  it("keeps a solver's first bid on an order (any casing of its address) and lists bids in arrival order", () => {
    const store = createSqliteStore(':memory:')
    const bid = (solver: Hex, feeBps: number, receivedAtMs: number): StoredBid => ({
      bid: { orderId: orderA, solver, feeBps, expiry: 1_700_000_000 },
      signature: `0x${'11'.repeat(65)}`,
      receivedAtMs,
    })
    expect(store.putBid(bid(solverB, 9, 1))).toBe(true)
    expect(store.putBid(bid(solverA, 7, 2))).toBe(true)
    expect(store.putBid(bid(solverA.toLowerCase() as Hex, 3, 3))).toBe(false)
    expect(store.bidsFor(orderA)).toEqual([bid(solverB, 9, 1), bid(solverA, 7, 2)])
    expect(store.bidsFor(orderB)).toEqual([])
    store.close()
  })

  it('records each chain event once, optional fields round-tripping', () => {
    const store = createSqliteStore(':memory:')
    const received: TimelineEntry = { orderId: orderA, kind: 'received', atMs: 5, detail: {} }
    const opened: TimelineEntry = {
      orderId: orderA,
      kind: 'opened',
      atMs: 9,
      actor: solverA,
      chainId: 31337,
      blockNumber: 2n ** 70n,
      txHash: `0x${'de'.repeat(32)}`,
      detail: { feeBps: 4, amount: '1000000000000000000', partial: false },
    }
    expect(store.appendTimeline(opened)).toBe(true)
    expect(store.appendTimeline(received)).toBe(true)
    expect(store.appendTimeline({ ...received, atMs: 6 })).toBe(false)
    expect(store.appendTimeline({ ...opened, txHash: `0x${'DE'.repeat(32)}` })).toBe(false)
    // Another solver's open of the same order is a different event.
    expect(store.appendTimeline({ ...opened, actor: solverB })).toBe(true)
    // In the order the node learnt them, which a chain event's whole-second block time may contradict.
    expect(store.timeline(orderA)).toEqual([opened, received, { ...opened, actor: solverB }])
    store.close()
  })

  it('replaces a job on each step and lists what a restarted node must resume', () => {
    const store = createSqliteStore(':memory:')
    const job = (orderId: Hex, step: FillJob['step'], updatedAtMs: number): FillJob => ({
      orderId,
      step,
      feeBps: 12,
      attempts: 0,
      updatedAtMs,
    })
    store.putJob(job(orderA, 'planned', 1))
    const opening: FillJob = { ...job(orderA, 'opening', 2), txHash: `0x${'ab'.repeat(32)}`, attempts: 1 }
    store.putJob(opening)
    store.putJob({ ...job(orderB, 'abandoned', 3), reason: 'someone else opened' })
    expect(store.getJob(orderA)).toEqual(opening)
    expect(store.getJob(orderB)).toEqual({ ...job(orderB, 'abandoned', 3), reason: 'someone else opened' })
    expect(store.unfinishedJobs()).toEqual([opening])
    store.putJob({ ...opening, step: 'settled', updatedAtMs: 4 })
    expect(store.unfinishedJobs()).toEqual([])
    store.close()
  })

  it('stores fade records and chain cursors', () => {
    const store = createSqliteStore(':memory:')
    expect(store.getFade(solverA)).toBeUndefined()
    store.putFade({ solver: solverA, fades: 1, bannedUntilMs: 100 })
    store.putFade({ solver: solverA, fades: 2, bannedUntilMs: 400 })
    expect(store.getFade(solverA.toLowerCase() as Hex)).toEqual({
      solver: solverA,
      fades: 2,
      bannedUntilMs: 400,
    })
    expect(store.getCursor('31337:vault')).toBeUndefined()
    store.putCursor('31337:vault', 10n)
    store.putCursor('31337:vault', 2n ** 80n)
    expect(store.getCursor('31337:vault')).toBe(2n ** 80n)
    store.close()
  })

  it('keeps everything across close and reopen of a file, in WAL mode', async () => {
    const path = join(dir, 'node.sqlite')
    const intent = await signedIntent(3n, 3_000)
    const first = createSqliteStore(path)
    first.putIntent({ orderId: orderA, intent, receivedAtMs: 1 })
    first.putJob({ orderId: orderA, step: 'filling', feeBps: 5, attempts: 2, updatedAtMs: 7 })
    first.putCursor('c', 42n)
    first.close()

    const second = createSqliteStore(path)
    expect(second.getIntent(orderA)?.intent).toEqual(intent)
    expect(second.unfinishedJobs()).toEqual([
      { orderId: orderA, step: 'filling', feeBps: 5, attempts: 2, updatedAtMs: 7 },
    ])
    expect(second.getCursor('c')).toBe(42n)
    expect(second.putIntent({ orderId: orderA, intent, receivedAtMs: 2 })).toBe(false)
    second.close()

    const raw = new DatabaseSync(path)
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: STORE_SCHEMA_VERSION })
    raw.close()
  })

  it('refuses a file written with another schema version', () => {
    const path = join(dir, 'future.sqlite')
    const raw = new DatabaseSync(path)
    raw.exec('PRAGMA user_version = 99')
    raw.close()
    expect(() => createSqliteStore(path)).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: 'store: schema version 99 is not 1' }),
    )
  })
})
