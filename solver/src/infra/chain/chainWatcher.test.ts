import { toGaslessCrossChainOrder } from '@xmargin/intents'
import { chainOf } from '@xmargin/settlement-contracts/deploy'
import { createPublicClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TimelineEntry } from '../../domain/timeline.ts'
import { fillOrder, openOrder } from '../../testing/devnetActions.ts'
import { postTestPrices } from '../../testing/startTestFeed.ts'
import { signTestIntent } from '../../testing/testIntent.ts'
import { watchedDevnetChains } from '../../testing/watchedDevnetChains.ts'
import { createLogger } from '../createLogger.ts'
import { createRelayer } from '../hyperlane/createRelayer.ts'
import { startTestDevnet, type TestDevnet } from '../hyperlane/testing/testDevnet.ts'
import { type ChainCursor, createChainWatcher } from './chainWatcher.ts'
import { encodeOriginData } from './decodeOriginData.ts'

let devnet: TestDevnet
beforeAll(async () => {
  devnet = await startTestDevnet()
})
afterAll(() => devnet?.stop())

const logger = createLogger({ name: 'test', level: 'silent' })

function memoryCursor(): ChainCursor & { blocks: Map<string, bigint> } {
  const blocks = new Map<string, bigint>()
  return { blocks, get: (key) => blocks.get(key), put: (key, block) => void blocks.set(key, block) }
}

function watcher(cursor: ChainCursor, seen: TimelineEntry[], maxRange?: bigint) {
  return createChainWatcher({
    chains: watchedDevnetChains(devnet.manifest),
    cursor,
    logger,
    ...(maxRange === undefined ? {} : { maxRange }),
    onEntry: (entry) => seen.push(entry),
  })
}

const relay = () =>
  createRelayer({
    manifest: devnet.manifest,
    account: privateKeyToAccount(devnet.manifest.accounts.deployer.privateKey),
  }).relayOnce()

const story = (entries: TimelineEntry[], orderId: string, chainId: number) =>
  entries.filter((e) => e.orderId === orderId && e.chainId === chainId).map((e) => [e.kind, e.actor])

describe('the chain watcher tells an order’s story from the settlement events', () => {
  const cursor = memoryCursor()

  test('open, fill and relay read as opened → fee-paid on the origin and filled → backed on the destination', async () => {
    const { manifest } = devnet
    const [origin, destination] = [chainOf(manifest, 'origin'), chainOf(manifest, 'destination')]
    const solver = manifest.accounts.solvers[0]?.address
    const trader = manifest.accounts.traders[0]?.address
    await postTestPrices(manifest, { 'ETH/USD': 3_000n })
    const signed = await signTestIntent({ manifest, nonce: 1n, size: 10n ** 18n })
    const { orderId } = await openOrder(manifest, signed)
    await fillOrder(manifest, signed, 2)
    expect((await relay()).length).toBe(2) // Locked to the engine, Filled to the vault

    const seen: TimelineEntry[] = []
    const returned = await watcher(cursor, seen).update()
    expect(returned).toEqual(seen)
    expect(story(seen, orderId, origin.chainId)).toEqual([
      ['opened', solver],
      ['fee-paid', solver],
    ])
    expect(story(seen, orderId, destination.chainId)).toEqual([
      ['filled', solver],
      ['backed', undefined],
    ])

    const opened = seen.find((e) => e.kind === 'opened')
    expect(opened?.detail).toMatchObject({
      trader,
      originData: encodeOriginData(toGaslessCrossChainOrder(signed.order)),
      fillDeadline: signed.order.fillDeadline,
      market: 'ETH-USD',
      isLong: true,
      size: '1000000000000000000',
      collateralAmount: '1000000000000000000',
    })
    expect(seen.find((e) => e.kind === 'fee-paid')?.detail).toEqual({ feeBps: 2, amount: '200000000000000' })
    expect(seen.find((e) => e.kind === 'filled')?.detail).toMatchObject({ account: trader, feeBps: 2 })
    const block = await createPublicClient({ transport: http(origin.rpcUrl) }).getBlock({
      blockNumber: opened?.blockNumber ?? 0n,
    })
    expect(opened?.atMs).toBe(Number(block.timestamp) * 1000)
    expect(JSON.parse(JSON.stringify(seen.map((e) => e.detail)))).toEqual(seen.map((e) => e.detail))
  })

  test('a restarted watcher with the same cursor emits nothing twice, only what happened since', async () => {
    const seen: TimelineEntry[] = []
    expect(await watcher(cursor, seen).update()).toEqual([])
    const signed = await signTestIntent({ manifest: devnet.manifest, nonce: 2n, size: 10n ** 18n })
    const { orderId } = await openOrder(devnet.manifest, signed)
    await watcher(cursor, seen).update()
    expect(seen.map((e) => [e.orderId, e.kind])).toEqual([[orderId, 'opened']])
  })

  test('scanning in small ranges tells the same story as one big range', async () => {
    const small: TimelineEntry[] = []
    const big: TimelineEntry[] = []
    await watcher(memoryCursor(), small, 3n).update()
    await watcher(memoryCursor(), big).update()
    expect(small.length).toBeGreaterThan(4)
    expect(small).toEqual(big)
  })
})
