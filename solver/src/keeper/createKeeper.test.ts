import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { chainOf } from '@xmargin/settlement-contracts/deploy'
import {
  type Address,
  createPublicClient,
  createTestClient,
  erc20Abi,
  getAddress,
  type Hex,
  http,
  type PublicClient,
  parseEther,
  toFunctionSelector,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TimelineEntry } from '../domain/timeline.ts'
import { rankNodes } from '../domain/turn/workTurn.ts'
import { TxRevertedError } from '../errors.ts'
import { createChainClients } from '../infra/chain/chainClients.ts'
import { type ChainWatcher, createChainWatcher } from '../infra/chain/chainWatcher.ts'
import { createTxSender } from '../infra/chain/txSender.ts'
import type { TxSender } from '../infra/chain/txSender.types.ts'
import { createLogger } from '../infra/createLogger.ts'
import { createRelayer } from '../infra/hyperlane/createRelayer.ts'
import { startTestDevnet, type TestDevnet } from '../infra/hyperlane/testing/testDevnet.ts'
import { createSqliteStore } from '../infra/store/createSqliteStore.ts'
import { advanceTime, fillOrder, openOrder } from '../testing/devnetActions.ts'
import { postTestPrices } from '../testing/startTestFeed.ts'
import { signTestIntent } from '../testing/testIntent.ts'
import { watchedDevnetChains } from '../testing/watchedDevnetChains.ts'
import { createKeeper, type Keeper, type KeeperEvent, type KeeperParameters } from './createKeeper.ts'
import { createEngineReader, type EngineReader } from './engineReader.ts'

let devnet: TestDevnet
let origin: PublicClient
let watcher: ChainWatcher
const timeline: TimelineEntry[] = []
const keepers: Keeper[] = []
const logger = createLogger({ name: 'test', level: 'silent' })

beforeAll(async () => {
  devnet = await startTestDevnet()
  origin = createPublicClient({ transport: http(chainOf(devnet.manifest, 'origin').rpcUrl) })
  watcher = createChainWatcher({
    chains: watchedDevnetChains(devnet.manifest),
    logger,
    onEntry: (entry) => {
      timeline.push(entry)
      for (const keeper of keepers) keeper.observe(entry)
    },
  })
})
afterAll(() => devnet?.stop())

/** The node's own sender for `privateKey` on the destination chain. */
function senderOf(privateKey: Hex): TxSender {
  const destination = chainOf(devnet.manifest, 'destination')
  const clients = createChainClients(devnet.manifest, privateKeyToAccount(privateKey), {
    pollingIntervalMs: 20,
  })
  const client = clients.get(destination.chainId)
  if (client === undefined) throw new Error('the devnet has no destination chain')
  return createTxSender({ public: client.public, wallet: client.wallet, logger })
}

/** A keeper on the devnet's engine, paying from `account` (the devnet keeper unless given). */
function startKeeper(
  privateKey: Hex = devnet.manifest.accounts.keeper.privateKey,
  onEvent?: (event: KeeperEvent) => void,
  options: Partial<KeeperParameters> = {},
): Keeper {
  const destination = chainOf(devnet.manifest, 'destination')
  const keeper = createKeeper({
    destination: {
      client: createPublicClient({ transport: http(destination.rpcUrl) }),
      sender: senderOf(privateKey),
      engine: destination.contracts.marginEngine as Address,
      settlementToken: destination.contracts.settlementToken as Address,
    },
    logger,
    pollMs: 20,
    ...(onEvent === undefined ? {} : { onEvent }),
    ...options,
  })
  keepers.push(keeper)
  for (const entry of timeline) keeper.observe(entry)
  return keeper
}

// With no route delay the relayer delivers at once, even after `advanceTime` put the chains ahead of
// the wall clock.
const relay = () =>
  createRelayer({
    manifest: devnet.manifest,
    account: privateKeyToAccount(devnet.manifest.accounts.deployer.privateKey),
  }).relayOnce()

const wethOf = (owner: Address) =>
  origin.readContract({
    address: chainOf(devnet.manifest, 'origin').contracts.weth as Address,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [owner],
  })

function reverted(reason: string): TxRevertedError {
  return new TxRevertedError('TX_REVERTED', `reverts: ${reason}`, { details: { reason } })
}

function lines(into: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      into.push(chunk.toString())
      done()
    },
  })
}

const kinds = (orderId: Hex) => timeline.filter((e) => e.orderId === orderId).map((e) => e.kind)
const entry = (orderId: Hex, kind: string) => timeline.find((e) => e.orderId === orderId && e.kind === kind)
const types = (events: KeeperEvent[]) => events.map((e) => [e.type, e.orderId])
const postEthPrice = (dollars: bigint) => postTestPrices(devnet.manifest, { 'ETH/USD': dollars })
/** Trader 0's 1 WETH long of `size` ETH-USD, allowed up to the market's 20×. */
const signLong = (nonce: bigint, size: bigint) =>
  signTestIntent({ manifest: devnet.manifest, nonce, size, maxLeverageBps: 200_000 })

describe('the keeper', () => {
  test('liquidates a 19× long after a 4% drop, settles its debt and takes collateral on the origin', async () => {
    const { manifest } = devnet
    const keeperAddress = manifest.accounts.keeper.address
    const trader = manifest.accounts.traders[0]?.address as Address
    const keeper = startKeeper()
    await postEthPrice(3_000n)
    const signed = await signLong(1n, parseEther('18'))
    const { orderId } = await openOrder(manifest, signed)
    await fillOrder(manifest, signed, 2)
    await relay() // Locked backs the position, so a loss becomes debt against the remote collateral
    await watcher.update()
    expect(await keeper.update()).toEqual([])

    await postEthPrice(2_870n)
    const events = await keeper.update()
    expect(types(events)).toEqual([
      ['keeper:liquidated', orderId],
      ['keeper:debt-settled', orderId],
    ])
    const wethBefore = await wethOf(keeperAddress)
    const traderBefore = await wethOf(trader)
    await relay()
    await watcher.update()

    expect(kinds(orderId)).toEqual(
      expect.arrayContaining(['liquidated', 'debt-settled', 'seized', 'released']),
    )
    expect(entry(orderId, 'liquidated')?.actor).toBe(keeperAddress)
    expect(entry(orderId, 'debt-settled')?.actor).toBe(keeperAddress)
    const seized = entry(orderId, 'seized')
    expect(seized?.actor).toBe(keeperAddress)
    const seizedAmount = BigInt(String(seized?.detail.amount))
    expect(seizedAmount).toBeGreaterThan(0n)
    expect(await wethOf(keeperAddress)).toBe(wethBefore + seizedAmount)
    // The collateral the debt did not need goes back to the trader.
    const released = BigInt(String(entry(orderId, 'released')?.detail.amount))
    expect(released + seizedAmount).toBe(parseEther('1') - parseEther('1') / 5_000n) // less the 2 bps fee
    expect(await wethOf(trader)).toBe(traderBefore + released)
    expect(await keeper.update()).toEqual([])
  })

  test('a second keeper that learns of the position after it was liquidated does nothing', async () => {
    expect(await startKeeper(devnet.manifest.accounts.solvers[1]?.privateKey).update()).toEqual([])
  })

  test('a revert that means someone got there first is a lost race, not a failure; any other revert is reported', async () => {
    const { manifest } = devnet
    await postEthPrice(2_870n)
    const signed = await signLong(3n, parseEther('18'))
    const { orderId } = await openOrder(manifest, signed)
    await fillOrder(manifest, signed, 2)
    await relay()
    await watcher.update()
    await postEthPrice(2_740n)

    const warnings: string[] = []
    const failing = (reason: string) => {
      const destination = chainOf(manifest, 'destination')
      const keeper = createKeeper({
        destination: {
          client: createPublicClient({ transport: http(destination.rpcUrl) }),
          sender: {
            chainId: destination.chainId,
            address: manifest.accounts.keeper.address,
            simulate: () => Promise.reject(reverted(reason)),
            send: () => Promise.reject(reverted(reason)),
          },
          engine: destination.contracts.marginEngine as Address,
          settlementToken: destination.contracts.settlementToken as Address,
        },
        logger: createLogger({ name: 'test', level: 'warn', destination: lines(warnings) }),
      })
      for (const e of timeline) keeper.observe(e)
      return keeper
    }
    // 'Healthy' is what another keeper's liquidation leaves behind: counted as a lost race, not warned.
    expect(await failing('Healthy').update()).toEqual([
      { type: 'keeper:lost-race', orderId, action: 'liquidate', reason: 'Healthy' },
    ])
    expect(warnings).toEqual([])
    expect(await failing('StalePrice').update()).toEqual([
      { type: 'keeper:failed', orderId, action: 'liquidate', reason: 'StalePrice' },
    ])
    expect(warnings.length).toBe(1)

    // The real keeper, running on its own loop, gets there.
    const seen: KeeperEvent[] = []
    let keeper: Keeper | undefined
    await new Promise<void>((resolve) => {
      keeper = startKeeper(manifest.accounts.keeper.privateKey, (event) => {
        seen.push(event)
        if (event.type === 'keeper:debt-settled') resolve()
      })
      keeper.start()
    })
    await keeper?.stop()
    expect(types(seen)).toEqual([
      ['keeper:liquidated', orderId],
      ['keeper:debt-settled', orderId],
    ])
    await relay()
    await watcher.update()
    expect(kinds(orderId)).toEqual(expect.arrayContaining(['liquidated', 'debt-settled', 'seized']))
  })

  test('expires an order nobody filled once its deadline passed: trader refunded, opener slashed', async () => {
    const { manifest } = devnet
    const trader = manifest.accounts.traders[0]?.address as Address
    const opener = manifest.accounts.solvers[0]?.address as Address
    const keeper = startKeeper()
    const signed = await signLong(2n, parseEther('1')) // fill deadline in 10 minutes
    const traderBefore = await wethOf(trader)
    const { orderId } = await openOrder(manifest, signed)
    await relay()
    await watcher.update()
    expect(await keeper.update()).toEqual([]) // not yet past the deadline

    await advanceTime(manifest, 700)
    const events = await keeper.update()
    expect(types(events)).toEqual([['keeper:expired', orderId]])
    expect(entry(orderId, 'expired')).toBeUndefined()
    await relay()
    await watcher.update()
    // Each chain's entries come in block order; across chains the watcher promises no order.
    expect(kinds(orderId).sort()).toEqual(['expired', 'opened', 'refunded'])
    expect(entry(orderId, 'expired')?.actor).toBe(manifest.accounts.keeper.address)
    const refunded = entry(orderId, 'refunded')
    expect(refunded?.actor).toBe(trader)
    expect(refunded?.detail).toMatchObject({ amount: parseEther('1').toString(), opener })
    expect(BigInt(String(refunded?.detail.slashed))).toBeGreaterThan(0n)
    expect(await wethOf(trader)).toBe(traderBefore)
    expect(await keeper.update()).toEqual([])
  })

  test("a keeper restarted from its node's store learns the positions filled before and liquidates them", async () => {
    const orderId = await openBackedLong(8n)
    // The node's store as its timeline hub keeps it; a restarted node's watcher resumes after its
    // cursor, so this is all its keeper can learn the older orders from.
    const dir = await mkdtemp(join(tmpdir(), 'xmargin-keeper-'))
    const store = createSqliteStore(join(dir, 'node.sqlite'))
    for (const e of timeline) store.appendTimeline(e)
    const replayed = new Set(store.keeperTimeline().map((e) => e.orderId))
    expect(replayed).toContain(orderId)
    // Orders whose keeping is over (debt settled, expired and refunded) are not read again.
    const over = timeline.filter((e) => e.kind === 'debt-settled' || e.kind === 'refunded')
    expect(over.length).toBeGreaterThan(0)
    for (const e of over) expect(replayed).not.toContain(e.orderId)

    const destination = chainOf(devnet.manifest, 'destination')
    const restarted = createKeeper({
      destination: {
        client: createPublicClient({ transport: http(destination.rpcUrl) }),
        sender: senderOf(devnet.manifest.accounts.keeper.privateKey),
        engine: destination.contracts.marginEngine as Address,
        settlementToken: destination.contracts.settlementToken as Address,
      },
      logger,
    })
    for (const e of store.keeperTimeline()) restarted.observe(e)
    store.close()
    expect(await restarted.update()).toEqual([])
    await postEthPrice(2_870n)
    expect(types(await restarted.update())).toEqual([
      ['keeper:liquidated', orderId],
      ['keeper:debt-settled', orderId],
    ])
    await relay()
    await watcher.update()
  })
})

/**
 * A backed 19× long of 18 ETH (1 WETH) at $3,000, known to the watcher; opened and filled by solver 1
 * (the expiry test slashed solver 0 below its bond).
 */
async function openBackedLong(nonce: bigint): Promise<Hex> {
  await postEthPrice(3_000n)
  const signed = await signLong(nonce, parseEther('18'))
  const { orderId } = await openOrder(devnet.manifest, signed, 1)
  await fillOrder(devnet.manifest, signed, 2, 1)
  await relay()
  await watcher.update()
  return orderId
}

/** `inner`, counting the calls of each method. */
function countingReader(inner: EngineReader): { reader: EngineReader; reads: Record<string, number> } {
  const reads: Record<string, number> = {}
  const reader = Object.fromEntries(
    Object.entries(inner).map(([name, read]) => [
      name,
      (...args: unknown[]) => {
        reads[name] = (reads[name] ?? 0) + 1
        return (read as (...a: unknown[]) => unknown)(...args)
      },
    ]),
  ) as EngineReader
  return { reader, reads }
}

const KEEPER_CALLS = new Map(
  [
    ['liquidate(bytes32,bytes[])', 'liquidate'],
    ['settleDebt(bytes32,address,bytes[])', 'settleDebt'],
    ['expire(bytes)', 'expire'],
  ].map(([signature, name]) => [toFunctionSelector(signature as string), name as string]),
)

/** Liquidate, settleDebt and expire transactions mined since `fromBlock`, with their outcome. */
async function keeperTransactions(
  fromBlock: bigint,
): Promise<{ call: string; from: Address; ok: boolean }[]> {
  const destination = chainOf(devnet.manifest, 'destination')
  const client = createPublicClient({ transport: http(destination.rpcUrl) })
  const engine = getAddress(destination.contracts.marginEngine as Address)
  const found: { call: string; from: Address; ok: boolean }[] = []
  for (let n = fromBlock; n <= (await client.getBlockNumber({ cacheTime: 0 })); n++) {
    const block = await client.getBlock({ blockNumber: n, includeTransactions: true })
    for (const tx of block.transactions) {
      const call = KEEPER_CALLS.get(tx.input.slice(0, 10) as Hex)
      if (tx.to === null || getAddress(tx.to) !== engine || call === undefined) continue
      const receipt = await client.getTransactionReceipt({ hash: tx.hash })
      found.push({ call, from: getAddress(tx.from), ok: receipt.status === 'success' })
    }
  }
  return found
}

const destinationTestClient = () =>
  createTestClient({ mode: 'anvil', transport: http(chainOf(devnet.manifest, 'destination').rpcUrl) })
const destinationBlock = () =>
  createPublicClient({ transport: http(chainOf(devnet.manifest, 'destination').rpcUrl) }).getBlockNumber({
    cacheTime: 0,
  })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the keeper’s health schedule', () => {
  test('an idle position is not read on every poll, but is read again once the price passes its liquidation price', async () => {
    const orderId = await openBackedLong(4n)
    const destination = chainOf(devnet.manifest, 'destination')
    const { reader, reads } = countingReader(
      createEngineReader(
        createPublicClient({ transport: http(destination.rpcUrl) }),
        destination.contracts.marginEngine as Address,
      ),
    )
    // No sweep and no move threshold within the test: only the liquidation price can call for a read.
    const keeper = startKeeper(undefined, undefined, {
      reader,
      schedule: { sweepMs: 3_600_000, priceMoveBps: 10_000 },
    })
    expect(await keeper.update()).toEqual([]) // learns every position from the timeline: one read each
    const positionReads = reads.position ?? 0
    const healthReads = reads.health ?? 0
    const quoteReads = reads.quote ?? 0

    for (let i = 0; i < 5; i++) expect(await keeper.update()).toEqual([])
    await postEthPrice(2_920n) // 2.7% lower, still above the liquidation price (≈ $2,883)
    expect(await keeper.update()).toEqual([])
    expect([reads.position, reads.health]).toEqual([positionReads, healthReads])
    expect(reads.quote).toBe(quoteReads + 6) // one feed, one quote a poll

    await postEthPrice(2_870n)
    const events = await keeper.update()
    expect(types(events)).toEqual([
      ['keeper:liquidated', orderId],
      ['keeper:debt-settled', orderId],
    ])
    expect(reads.health).toBe(healthReads + 1)
  })

  test('a transaction that loses the race on chain is decoded as a lost race and logged at debug, not warned', async () => {
    const orderId = await openBackedLong(5n)
    const warnings: string[] = []
    const warnLogger = createLogger({ name: 'test', level: 'warn', destination: lines(warnings) })
    const sent: Hex[] = []
    const events: KeeperEvent[] = []
    const racer = (privateKey: Hex) => {
      const inner = senderOf(privateKey)
      const destination = chainOf(devnet.manifest, 'destination')
      const keeper = createKeeper({
        destination: {
          client: createPublicClient({ transport: http(destination.rpcUrl) }),
          sender: {
            ...inner,
            send: (call, options) =>
              inner.send(call, {
                onSent: (hash) => {
                  sent.push(hash)
                  options?.onSent?.(hash)
                },
              }),
          },
          engine: destination.contracts.marginEngine as Address,
          settlementToken: destination.contracts.settlementToken as Address,
        },
        logger: warnLogger,
        onEvent: (event) => events.push(event),
      })
      for (const e of timeline) keeper.observe(e)
      return keeper
    }
    const keepers = [racer(devnet.manifest.accounts.keeper.privateKey), racer(solverKey(1))]
    await Promise.all(keepers.map((keeper) => keeper.update()))
    await postEthPrice(2_870n)

    // Both simulate against the same block and send; one block then mines both.
    await destinationTestClient().setAutomine(false)
    const passes = Promise.all(keepers.map((keeper) => keeper.update()))
    while (sent.length < 2) await sleep(10)
    await destinationTestClient().mine({ blocks: 1 })
    await destinationTestClient().setAutomine(true)
    await passes

    const ofOrder = events.filter((e) => e.orderId === orderId)
    expect(ofOrder.filter((e) => e.type === 'keeper:liquidated')).toHaveLength(1)
    expect(ofOrder.filter((e) => e.type === 'keeper:debt-settled')).toHaveLength(1)
    const lost = ofOrder.find((e) => e.type === 'keeper:lost-race' && e.action === 'liquidate')
    expect(lost).toMatchObject({ reason: 'NotOpen', txHash: expect.stringMatching(/^0x/) })
    expect(ofOrder.filter((e) => e.type === 'keeper:failed')).toEqual([])
    expect(warnings).toEqual([])
  })
})

function solverKey(index: number): Hex {
  const key = devnet.manifest.accounts.solvers[index]?.privateKey
  if (key === undefined) throw new Error(`the devnet has no solver ${index}`)
  return key
}

describe('keepers taking turns, on a chain that mines a block a second', () => {
  const TURN_MS = 1_500
  const solvers = () => devnet.manifest.accounts.solvers.map((solver) => getAddress(solver.address))
  const running: Keeper[] = []

  function startTurnKeeper(solver: Address, onEvent: (event: KeeperEvent) => void): void {
    const keeper = startKeeper(solverKey(solvers().indexOf(solver)), onEvent, {
      turn: { self: solver, nodes: solvers(), delayMs: TURN_MS },
    })
    keeper.start()
    running.push(keeper)
  }

  async function liquidatedAndSettled(orderId: Hex): Promise<void> {
    const destination = chainOf(devnet.manifest, 'destination')
    const reader = createEngineReader(
      createPublicClient({ transport: http(destination.rpcUrl) }),
      destination.contracts.marginEngine as Address,
    )
    for (;;) {
      const position = await reader.position(orderId)
      if (position.status === 'closed' && position.debt === 0n) return
      await sleep(50)
    }
  }

  beforeAll(async () => {
    watcher.start()
    await destinationTestClient().setIntervalMining({ interval: 1 })
  })
  afterAll(async () => {
    await Promise.all(running.splice(0).map((keeper) => keeper.stop()))
    await watcher.stop()
    await destinationTestClient().setAutomine(true)
  })

  test('three keepers liquidate a position and settle its debt with one transaction each, the first-ranked’s', async () => {
    const orderId = await openBackedLong(6n)
    const events: KeeperEvent[] = []
    for (const solver of solvers()) startTurnKeeper(solver, (event) => events.push(event))
    await sleep(200) // every keeper has read the position
    const fromBlock = await destinationBlock()
    await postEthPrice(2_870n)
    await liquidatedAndSettled(orderId)
    await sleep(3 * TURN_MS) // the later turns come and find nothing left to do
    await Promise.all(running.splice(0).map((keeper) => keeper.stop()))

    const [first] = rankNodes(orderId, solvers()) as [Address]
    expect(await keeperTransactions(fromBlock)).toEqual([
      { call: 'liquidate', from: first, ok: true },
      { call: 'settleDebt', from: first, ok: true },
    ])
    expect(events.filter((e) => e.type === 'keeper:failed' || e.type === 'keeper:lost-race')).toEqual([])
  })

  test('with the first-ranked keeper down, the second liquidates once its delay has passed', async () => {
    const orderId = await openBackedLong(7n)
    const [, second, third] = rankNodes(orderId, solvers()) as [Address, Address, Address]
    const events: KeeperEvent[] = []
    let liquidatedAt: number | undefined
    const onEvent = (event: KeeperEvent) => {
      events.push(event)
      if (event.type === 'keeper:liquidated') liquidatedAt ??= Date.now()
    }
    startTurnKeeper(second, onEvent)
    startTurnKeeper(third, onEvent)
    await sleep(200)
    const fromBlock = await destinationBlock()
    await postEthPrice(2_870n)
    const postedAt = Date.now()
    await liquidatedAndSettled(orderId)
    await sleep(2 * TURN_MS)
    await Promise.all(running.splice(0).map((keeper) => keeper.stop()))

    expect(await keeperTransactions(fromBlock)).toEqual([
      { call: 'liquidate', from: second, ok: true },
      { call: 'settleDebt', from: second, ok: true },
    ])
    expect(events.filter((e) => e.type === 'keeper:failed' || e.type === 'keeper:lost-race')).toEqual([])
    // Its turn came one delay after it saw the new price, at most a poll before `postedAt`.
    expect((liquidatedAt ?? 0) - postedAt).toBeGreaterThanOrEqual(TURN_MS - 100)
  })
})
