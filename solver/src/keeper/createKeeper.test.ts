import { Writable } from 'node:stream'
import { chainOf } from '@xmargin/settlement-contracts/deploy'
import {
  type Address,
  createPublicClient,
  erc20Abi,
  type Hex,
  http,
  type PublicClient,
  parseEther,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TimelineEntry } from '../domain/timeline.ts'
import { TxRevertedError } from '../errors.ts'
import { createChainClients } from '../infra/chain/chainClients.ts'
import { type ChainWatcher, createChainWatcher } from '../infra/chain/chainWatcher.ts'
import { createTxSender } from '../infra/chain/txSender.ts'
import type { TxSender } from '../infra/chain/txSender.types.ts'
import { createLogger } from '../infra/createLogger.ts'
import { createRelayer } from '../infra/hyperlane/createRelayer.ts'
import { startTestDevnet, type TestDevnet } from '../infra/hyperlane/testing/testDevnet.ts'
import { advanceTime, fillOrder, openOrder } from '../testing/devnetActions.ts'
import { postTestPrices } from '../testing/startTestFeed.ts'
import { signTestIntent } from '../testing/testIntent.ts'
import { watchedDevnetChains } from '../testing/watchedDevnetChains.ts'
import { createKeeper, type Keeper, type KeeperEvent } from './createKeeper.ts'

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

  test('a revert that means someone got there first is not a failure; any other revert is reported', async () => {
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
    expect(await failing('Healthy').update()).toEqual([])
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
})
