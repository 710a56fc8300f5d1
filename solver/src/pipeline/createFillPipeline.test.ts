import { hashIntent, toGaslessCrossChainOrder } from '@xmargin/intents'
import { chainOf, type DevnetManifest, loadArtifact } from '@xmargin/settlement-contracts/deploy'
import { type Address, createTestClient, erc20Abi, type Hex, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ChainUnavailableError } from '../errors.ts'
import { type ChainClient, createChainClients } from '../infra/chain/chainClients.ts'
import { createTxSender } from '../infra/chain/txSender.ts'
import type { TxSender } from '../infra/chain/txSender.types.ts'
import { createLogger } from '../infra/createLogger.ts'
import { createRelayer } from '../infra/hyperlane/createRelayer.ts'
import { startTestDevnet, type TestDevnet } from '../infra/hyperlane/testing/testDevnet.ts'
import type { NodeStore } from '../infra/store/nodeStore.ts'
import { signTestIntent, type TestIntentParameters } from '../testing/testIntent.ts'
import { ENGINE_READ_ABI, VAULT_READ_ABI } from './abis.ts'
import { createFillPipeline, type FillPipelineParameters } from './createFillPipeline.ts'
import type { PipelineEvent } from './pipelineEvent.ts'
import { createMemoryStore } from './testing/memoryStore.ts'

let devnet: TestDevnet
let manifest: DevnetManifest
let origin: ChainClient
let destination: ChainClient
let solver: Address
let nonce = 1_000n
const logger = createLogger({ name: 'test', level: 'silent' })

beforeAll(async () => {
  devnet = await startTestDevnet()
  manifest = devnet.manifest
  const account = privateKeyToAccount((manifest.accounts.solvers[0] as { privateKey: Hex }).privateKey)
  solver = account.address
  const clients = createChainClients(manifest, account, { pollingIntervalMs: 20 })
  origin = clients.get(chainOf(manifest, 'origin').chainId) as ChainClient
  destination = clients.get(chainOf(manifest, 'destination').chainId) as ChainClient
})
afterAll(() => devnet?.stop())

const vault = () => origin.chain.contracts.collateralVault as Address
const engine = () => destination.chain.contracts.marginEngine as Address
const senderOf = (client: ChainClient) =>
  createTxSender({ public: client.public, wallet: client.wallet, logger, backoffMs: 5 })

function pipeline(
  store: NodeStore,
  events: PipelineEvent[],
  overrides: { destinationSender?: TxSender } & Partial<FillPipelineParameters> = {},
) {
  const { destinationSender, ...rest } = overrides
  return createFillPipeline({
    store,
    origin: { public: origin.public, sender: senderOf(origin), vault: vault() },
    destination: {
      public: destination.public,
      sender: destinationSender ?? senderOf(destination),
      engine: engine(),
    },
    logger,
    onEvent: (event) => events.push(event),
    fillRetryDelayMs: 10,
    ...rest,
  })
}

/** Trader 0's next signed intent (the default terms unless overridden) and its orderId. */
async function nextIntent(overrides: Partial<TestIntentParameters> = {}) {
  const signed = await signTestIntent({ manifest, nonce: nonce++, ...overrides })
  return { signed, orderId: hashIntent(signed.order) }
}

const originNonce = () => origin.public.getTransactionCount({ address: solver, blockTag: 'pending' })
const escrowOf = (orderId: Hex) =>
  origin.public.readContract({
    address: vault(),
    abi: VAULT_READ_ABI,
    functionName: 'escrowOf',
    args: [orderId],
  })
const positionOf = (orderId: Hex) =>
  destination.public.readContract({
    address: engine(),
    abi: ENGINE_READ_ABI,
    functionName: 'positionOf',
    args: [orderId],
  })
const balanceOf = (client: ChainClient, token: string) =>
  client.public.readContract({
    address: token as Address,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [solver],
  })

describe('the fill pipeline', () => {
  test('opens, then fills a signed intent; settles once the messages are relayed (fee paid, front repaid)', async () => {
    const { signed, orderId } = await nextIntent()
    const events: PipelineEvent[] = []
    const store = createMemoryStore()
    const fills = pipeline(store, events)
    const usd = destination.chain.contracts.settlementToken as string
    const weth = origin.chain.contracts.weth as string
    const [usdBefore, wethBefore] = [await balanceOf(destination, usd), await balanceOf(origin, weth)]

    const job = await fills.execute(signed, orderId, 2)

    expect(job.step).toBe('filled')
    expect(events.map((e) => e.type)).toEqual([
      'fill:planned',
      'open:submitted',
      'open:confirmed',
      'fill:submitted',
      'fill:confirmed',
    ])
    const position = await positionOf(orderId)
    expect([position.status, position.filler, position.remoteBacked]).toEqual([1, solver, false])
    expect(position.front).toBeGreaterThan(0n)
    expect(await balanceOf(destination, usd)).toBe(usdBefore - position.front)
    expect(await fills.checkSettlement()).toEqual([])

    const relayer = createRelayer({
      manifest,
      account: privateKeyToAccount(manifest.accounts.keeper.privateKey),
    })
    expect((await relayer.relayOnce()).length).toBe(2) // Locked to the engine, Filled to the vault
    const settled = await fills.checkSettlement()

    expect(settled.map((j) => [j.orderId, j.step])).toEqual([[orderId, 'settled']])
    expect(events.at(-1)?.type).toBe('fill:settled')
    expect(store.getJob(orderId)?.step).toBe('settled')
    expect((await escrowOf(orderId)).status).toBe(2)
    expect(await balanceOf(destination, usd)).toBe(usdBefore)
    expect(await balanceOf(origin, weth)).toBe(wethBefore + (parseEther('1') * 2n) / 10_000n)
  })

  test('a node that crashed between open and fill resumes with the fill alone: one openFor, ever', async () => {
    const { signed, orderId } = await nextIntent()
    const store = createMemoryStore()
    const nonceBefore = await originNonce()
    const broken: TxSender = {
      ...senderOf(destination),
      send: () => Promise.reject(new ChainUnavailableError('CHAIN_UNAVAILABLE', 'destination is down')),
    }
    const firstEvents: PipelineEvent[] = []
    let fillFailed: () => void = () => {}
    const failure = new Promise<void>((resolve) => (fillFailed = resolve))
    const first = pipeline(store, [], {
      destinationSender: broken,
      onEvent: (event) => {
        firstEvents.push(event)
        if (event.type === 'fill:failed') fillFailed()
      },
    })

    // It keeps retrying the fill (its bond is at stake) until the node goes down.
    const run = first.execute(signed, orderId, 2)
    await failure
    await first.stop()
    expect((await run).step).toBe('filling')
    expect(store.getJob(orderId)?.step).toBe('filling')
    expect(firstEvents.map((e) => e.type)).toContain('open:confirmed')

    const events: PipelineEvent[] = []
    const restarted = pipeline(store, events)
    const resumed = await restarted.resume((id) => (id === orderId ? signed : undefined))

    expect(resumed.map((j) => [j.orderId, j.step])).toEqual([[orderId, 'filled']])
    expect(events.map((e) => e.type)).toEqual(['fill:submitted', 'fill:confirmed'])
    expect((await positionOf(orderId)).filler).toBe(solver)
    expect(await originNonce()).toBe(nonceBefore + 1)
  })

  test('an order another solver opened is abandoned without sending anything', async () => {
    const { signed, orderId } = await nextIntent()
    const other = privateKeyToAccount((manifest.accounts.solvers[1] as { privateKey: Hex }).privateKey)
    const otherWallet = createChainClients(manifest, other).get(origin.chain.chainId) as ChainClient
    const hash = await otherWallet.wallet.writeContract({
      account: other,
      chain: otherWallet.wallet.chain,
      address: vault(),
      abi: loadArtifact('CollateralVault.sol').abi,
      functionName: 'openFor',
      args: [toGaslessCrossChainOrder(signed.order), signed.signature, '0x'],
    })
    await origin.public.waitForTransactionReceipt({ hash })
    const nonceBefore = await originNonce()
    const events: PipelineEvent[] = []

    const job = await pipeline(createMemoryStore(), events).execute(signed, orderId, 2)

    expect(job).toMatchObject({ step: 'abandoned', reason: `opened by ${other.address}` })
    expect(events.map((e) => e.type)).toEqual(['fill:planned', 'fill:abandoned'])
    expect(await originNonce()).toBe(nonceBefore)
    expect((await positionOf(orderId)).status).toBe(0)
  })

  test('an openFor that reverts for a moment is tried again and the order filled, not abandoned', async () => {
    // The trader withdraws the Permit2 allowance: openFor reverts in simulation, nothing is sent.
    const { signed, orderId } = await nextIntent()
    const trader = privateKeyToAccount((manifest.accounts.traders[0] as { privateKey: Hex }).privateKey)
    const traderClient = createChainClients(manifest, trader).get(origin.chain.chainId) as ChainClient
    const weth = origin.chain.contracts.weth as Address
    const permit2 = origin.chain.contracts.permit2 as Address
    const approve = async (amount: bigint) => {
      const hash = await traderClient.wallet.writeContract({
        account: trader,
        chain: traderClient.wallet.chain,
        address: weth,
        abi: erc20Abi,
        functionName: 'approve',
        args: [permit2, amount],
      })
      await origin.public.waitForTransactionReceipt({ hash })
    }
    await approve(0n)
    const events: PipelineEvent[] = []
    let failed: () => void = () => {}
    const firstFailure = new Promise<void>((resolve) => (failed = resolve))
    const fills = pipeline(createMemoryStore(), [], {
      onEvent: (event) => {
        events.push(event)
        if (event.type === 'fill:failed') failed()
      },
    })

    const run = fills.execute(signed, orderId, 2)
    await firstFailure
    // A moment later the revert no longer reproduces.
    await approve(2n ** 256n - 1n)
    const job = await run

    expect(job.step).toBe('filled')
    expect(events.find((e) => e.type === 'fill:failed')).toMatchObject({ step: 'opening' })
    expect(events.filter((e) => e.type === 'open:confirmed').length).toBe(1)
    expect((await positionOf(orderId)).filler).toBe(solver)
  })

  test('a fill whose price stays beyond the limit is retried until the fill deadline, then abandoned', async () => {
    const { signed, orderId } = await nextIntent({ limitPrice: parseEther('2000'), openIn: 60, fillIn: 120 })
    const events: PipelineEvent[] = []
    let failures = 0
    let threeFailures: () => void = () => {}
    const retried = new Promise<void>((resolve) => (threeFailures = resolve))
    const fills = pipeline(createMemoryStore(), [], {
      onEvent: (event) => {
        events.push(event)
        if (event.type === 'fill:failed' && ++failures === 3) threeFailures()
      },
    })

    const run = fills.execute(signed, orderId, 2)
    await retried
    // Still trying: the job gives up only once chain time passes the fill deadline.
    const testClient = createTestClient({ mode: 'anvil', transport: http(destination.chain.rpcUrl) })
    await testClient.increaseTime({ seconds: 200 })
    await testClient.mine({ blocks: 1 })
    const job = await run

    expect(job.step).toBe('abandoned')
    expect(job.reason).toMatch(/^fill deadline \d+ passed/)
    expect(events.filter((e) => e.type === 'fill:submitted')).toEqual([])
    expect((await escrowOf(orderId)).opener).toBe(solver) // opened: our bond is at stake
  })

  // Last: it moves the origin's clock forward.
  test('an order whose open deadline has passed is abandoned without sending anything', async () => {
    const { signed, orderId } = await nextIntent({ openIn: 2 })
    const testClient = createTestClient({ mode: 'anvil', transport: http(origin.chain.rpcUrl) })
    await testClient.increaseTime({ seconds: 10 })
    await testClient.mine({ blocks: 1 })
    const nonceBefore = await originNonce()
    const events: PipelineEvent[] = []

    const job = await pipeline(createMemoryStore(), events).execute(signed, orderId, 2)

    expect(job.step).toBe('abandoned')
    expect(job.reason).toMatch(/^open deadline \d+ passed/)
    expect(await originNonce()).toBe(nonceBefore)
    expect((await escrowOf(orderId)).status).toBe(0)
  })
})
