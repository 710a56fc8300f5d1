import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  type PublicClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { rankNodes } from '../../domain/turn/workTurn.ts'
import { MAILBOX_ABI, MERKLE_TREE_HOOK_ABI } from './abis.ts'
import { createRelayer, type Relayer, type RelayerEvent } from './createRelayer.ts'
import { createDispatchScanner, type DispatchedMessage } from './dispatchScanner.ts'
import { AlreadyDeliveredError, ProcessRevertedError } from './errors.ts'
import { messageIdMetadata } from './messageIdMetadata.ts'
import { processMessage } from './processMessage.ts'
import { signCheckpoint } from './signCheckpoint.ts'
import { openForIntent, startTestDevnet, type TestDevnet } from './testing/testDevnet.ts'

let devnet: TestDevnet
let origin: PublicClient
let destination: PublicClient
let nonce = 100n

beforeAll(async () => {
  devnet = await startTestDevnet()
  const [o, d] = devnet.manifest.chains
  origin = createPublicClient({ transport: http(o?.rpcUrl) })
  destination = createPublicClient({ transport: http(d?.rpcUrl) })
})
afterAll(() => devnet?.stop())

const chain = (i: number) => devnet.manifest.chains[i] as (typeof devnet.manifest.chains)[number]
const keeper = () => privateKeyToAccount(devnet.manifest.accounts.keeper.privateKey)
const relayer = (parameters: { delayMs?: Record<string, number>; events?: RelayerEvent[] } = {}) =>
  createRelayer({
    manifest: devnet.manifest,
    account: keeper(),
    ...(parameters.delayMs === undefined ? {} : { delayMs: parameters.delayMs }),
    onEvent: (event) => parameters.events?.push(event),
  })
const delivered = (id: Hex) =>
  destination.readContract({
    address: chain(1).contracts.mailbox as Address,
    abi: MAILBOX_ABI,
    functionName: 'delivered',
    args: [id],
  })

/** The messages dispatched so far, as a scanner from the deploy block sees them. */
async function dispatched(): Promise<DispatchedMessage[]> {
  return createDispatchScanner(chain(0), origin).update()
}

async function dispatchLocked(): Promise<DispatchedMessage> {
  await openForIntent(devnet.manifest, nonce++)
  const all = await dispatched()
  return all[all.length - 1] as DispatchedMessage
}

describe('relaying Locked from the origin to the engine', () => {
  test('a real openFor is delivered exactly once, through the primary set, with the hook’s own root', async () => {
    const message = await dispatchLocked()
    const root = await origin.readContract({
      address: chain(0).contracts.merkleTreeHook as Address,
      abi: MERKLE_TREE_HOOK_ABI,
      functionName: 'root',
    })
    expect(message.root).toBe(root)
    expect(await delivered(message.id)).toBe(false)

    const events: RelayerEvent[] = []
    const first = relayer({ events })
    const relayed = await first.relayOnce()
    expect(relayed.map((r) => [r.message.id, r.route, r.set])).toEqual([[message.id, 'hyperlane', 'primary']])
    expect(events.map((e) => e.type)).toEqual(['message:delivered'])
    expect(await delivered(message.id)).toBe(true)
    expect(await first.relayOnce()).toEqual([])
  })

  test('a restarted relayer delivers nothing twice, and only what was left when the last one stopped', async () => {
    expect(await relayer().relayOnce()).toEqual([])
    const [a, b] = [await dispatchLocked(), await dispatchLocked()]
    // The previous relayer was "killed" after delivering a only.
    await deliverHonestly(a)
    const restarted = await relayer().relayOnce()
    expect(restarted.map((r) => r.message.id)).toEqual([b.id])
    expect(await relayer().relayOnce()).toEqual([])
  })

  test('two relayers racing deliver a message once between them', async () => {
    const message = await dispatchLocked()
    const [x, y] = await Promise.all([relayer().relayOnce(), relayer().relayOnce()])
    expect([...x, ...y].map((r) => r.message.id)).toEqual([message.id])
    expect(await delivered(message.id)).toBe(true)
  })

  test('a route delay holds the message back until it has passed', async () => {
    const message = await dispatchLocked()
    expect(await relayer({ delayMs: { hyperlane: 60_000 } }).relayOnce()).toEqual([])
    expect(await delivered(message.id)).toBe(false)
    expect((await relayer({ delayMs: { hyperlane: 0 } }).relayOnce()).map((r) => r.message.id)).toEqual([
      message.id,
    ])
  })
})

describe('the real ISM rejects forged or insufficient metadata', () => {
  let message: DispatchedMessage
  beforeAll(async () => {
    message = await dispatchLocked()
  })

  test('one validator signature when the threshold is 2', async () => {
    const [key] = primaryKeys()
    await expect(submit(message, [key as Hex])).rejects.toThrow(ProcessRevertedError)
    expect(await delivered(message.id)).toBe(false)
  })

  test('two signatures from keys that are not validators', async () => {
    const traders = devnet.manifest.accounts.traders.map((t) => t.privateKey)
    await expect(submit(message, traders.slice(0, 2))).rejects.toThrow(ProcessRevertedError)
    expect(await delivered(message.id)).toBe(false)
  })

  test('the fallback set’s signatures for a message to the primary messenger', async () => {
    const fallback = devnet.manifest.accounts.validators
      .filter((v) => v.set === 'fallback')
      .map((v) => v.privateKey)
    await expect(submit(message, fallback.slice(0, 2))).rejects.toThrow(ProcessRevertedError)
  })

  test('valid signatures over a different root', async () => {
    await expect(
      submit({ ...message, root: `0x${'11'.repeat(32)}` }, primaryKeys().slice(0, 2), message.root),
    ).rejects.toThrow(ProcessRevertedError)
  })

  test('the honest relayer still delivers it afterwards', async () => {
    expect((await relayer().relayOnce()).map((r) => r.message.id)).toEqual([message.id])
  })

  test('delivering it again is refused as already delivered: a race lost, not a bad message', async () => {
    const again = deliverHonestly(message)
    await expect(again).rejects.toThrow(AlreadyDeliveredError)
    await expect(again).rejects.toMatchObject({ details: 'Mailbox: already delivered' })
  })
})

function primaryKeys(): Hex[] {
  return devnet.manifest.accounts.validators.filter((v) => v.set === 'primary').map((v) => v.privateKey)
}

/** Signs `signed`'s checkpoint with `keys` but submits metadata naming `root` (default: the signed one). */
async function submit(signed: DispatchedMessage, keys: Hex[], root: Hex = signed.root): Promise<Hex> {
  const signatures = await signCheckpoint({
    checkpoint: {
      origin: signed.origin,
      merkleTreeHook: signed.merkleTreeHook,
      root: signed.root,
      index: signed.index,
      messageId: signed.id,
    },
    privateKeys: keys,
  })
  return processMessage({
    publicClient: destination,
    walletClient: createWalletClient({ transport: http(chain(1).rpcUrl), account: keeper() }),
    mailbox: chain(1).contracts.mailbox as Address,
    metadata: messageIdMetadata({ ...signed, root, signatures }),
    message: signed.message,
  })
}

async function deliverHonestly(message: DispatchedMessage): Promise<void> {
  await submit(message, primaryKeys().slice(0, 2))
}

describe('relayers taking turns, on a chain that mines a block a second', () => {
  const TURN_MS = 1_500
  const solvers = () => devnet.manifest.accounts.solvers.map((solver) => solver.address)
  // As on a node: the turn is the solver's, the payer its fallback-validator key.
  const payers = () => devnet.manifest.accounts.validators.filter((v) => v.set === 'fallback').slice(0, 3)
  const running: Relayer[] = []
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  function startRelayer(solver: Address, events: RelayerEvent[]): void {
    const index = solvers().indexOf(solver)
    const payer = payers()[index]
    if (payer === undefined) throw new Error(`no payer for solver ${solver}`)
    const relayer = createRelayer({
      manifest: devnet.manifest,
      account: privateKeyToAccount(payer.privateKey),
      pollMs: 50,
      turn: { self: solver, nodes: solvers(), delayMs: TURN_MS },
      onEvent: (event) => events.push(event),
    })
    relayer.start()
    running.push(relayer)
  }

  async function stopAll(): Promise<void> {
    await Promise.all(running.splice(0).map((relayer) => relayer.stop()))
  }

  /** The relayers' `process` transactions mined since `fromBlock`, with their outcome. */
  async function processTransactions(fromBlock: bigint): Promise<{ from: Address; ok: boolean }[]> {
    const mailbox = getAddress(chain(1).contracts.mailbox as Address)
    const payerAddresses = new Set(payers().map((p) => getAddress(p.address)))
    const found: { from: Address; ok: boolean }[] = []
    for (let n = fromBlock; n <= (await destination.getBlockNumber({ cacheTime: 0 })); n++) {
      const block = await destination.getBlock({ blockNumber: n, includeTransactions: true })
      for (const tx of block.transactions) {
        if (tx.to === null || getAddress(tx.to) !== mailbox || !payerAddresses.has(getAddress(tx.from)))
          continue
        const receipt = await destination.getTransactionReceipt({ hash: tx.hash })
        found.push({ from: getAddress(tx.from), ok: receipt.status === 'success' })
      }
    }
    return found
  }

  const payerOf = (solver: Address) => getAddress(payers()[solvers().indexOf(solver)]?.address as Address)
  const deliveries = (events: RelayerEvent[]) => events.filter((e) => e.type === 'message:delivered')

  beforeAll(async () => {
    await createTestClient({ mode: 'anvil', transport: http(chain(1).rpcUrl) }).setIntervalMining({
      interval: 1,
    })
  })
  afterAll(async () => {
    await stopAll()
    await createTestClient({ mode: 'anvil', transport: http(chain(1).rpcUrl) }).setAutomine(true)
  })

  test('three relayers deliver a message with exactly one process transaction, the first-ranked’s', async () => {
    const fromBlock = await destination.getBlockNumber({ cacheTime: 0 })
    const events: RelayerEvent[] = []
    for (const solver of solvers()) startRelayer(solver, events)
    const message = await dispatchLocked()
    while (!(await delivered(message.id))) await sleep(50)
    // Give the later turns time to come and find the message delivered.
    await sleep(3 * TURN_MS)
    await stopAll()

    const [first] = rankNodes(message.id, solvers()) as [Address]
    expect(await processTransactions(fromBlock)).toEqual([{ from: payerOf(first), ok: true }])
    expect(deliveries(events).map((e) => e.message.id)).toEqual([message.id])
    expect(events.filter((e) => e.type === 'message:failed' || e.type === 'message:lost-race')).toEqual([])
  })

  test('with the first-ranked relayer down, the second delivers once its delay has passed', async () => {
    const fromBlock = await destination.getBlockNumber({ cacheTime: 0 })
    const message = await dispatchLocked()
    const dispatchedAt = Date.now()
    const [, second, third] = rankNodes(message.id, solvers()) as [Address, Address, Address]
    const events: RelayerEvent[] = []
    startRelayer(second, events)
    startRelayer(third, events)
    while (!(await delivered(message.id))) await sleep(50)
    await sleep(2 * TURN_MS)
    await stopAll()

    expect(await processTransactions(fromBlock)).toEqual([{ from: payerOf(second), ok: true }])
    const [delivery] = deliveries(events)
    expect(delivery?.message.id).toBe(message.id)
    // It saw the dispatch at most one poll before the receipt came back here.
    expect((delivery?.handledAtMs ?? 0) - dispatchedAt).toBeGreaterThanOrEqual(TURN_MS - 50)
  })
})
