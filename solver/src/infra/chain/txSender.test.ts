import { chainOf } from '@xmargin/settlement-contracts/deploy'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  type Hex,
  http,
  keccak256,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ChainUnavailableError, TxRevertedError } from '../../errors.ts'
import { engineCallAbi } from '../../pipeline/abis.ts'
import { createLogger } from '../createLogger.ts'
import { startTestDevnet, type TestDevnet } from '../hyperlane/testing/testDevnet.ts'
import { type ChainClient, createChainClients } from './chainClients.ts'
import { startFilteringRpcProxy } from './testing/filteringRpcProxy.ts'
import { createTxSender } from './txSender.ts'

let devnet: TestDevnet
let clients: ChainClient
let token: Address
let engine: Address
const logger = createLogger({ name: 'test', level: 'silent' })

beforeAll(async () => {
  devnet = await startTestDevnet()
  const solver = devnet.manifest.accounts.solvers[1]
  if (solver === undefined) throw new Error('no second solver')
  const destination = chainOf(devnet.manifest, 'destination')
  clients = createChainClients(devnet.manifest, privateKeyToAccount(solver.privateKey), {
    pollingIntervalMs: 20,
  }).get(destination.chainId) as ChainClient
  token = destination.contracts.settlementToken as Address
  engine = destination.contracts.marginEngine as Address
})
afterAll(() => devnet?.stop())

const sender = () => createTxSender({ public: clients.public, wallet: clients.wallet, logger, backoffMs: 5 })
const rpcUrl = () => chainOf(devnet.manifest, 'destination').rpcUrl
/** A sender of the same account whose requests go through `url` (a proxy). */
const senderVia = (url: string, options: { maxAttempts?: number } = {}) => {
  const transport = http(url, { retryCount: 0 })
  return createTxSender({
    public: createPublicClient({ chain: clients.public.chain, transport, pollingInterval: 20 }),
    wallet: createWalletClient({
      chain: clients.wallet.chain,
      transport,
      account: clients.wallet.account as NonNullable<typeof clients.wallet.account>,
    }),
    logger,
    backoffMs: 5,
    ...options,
  })
}
/** An amount as it appears in calldata: one 32-byte word, hex. */
const word = (amount: bigint) => amount.toString(16).padStart(64, '0')
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((done) => setTimeout(done, 10))
}
const approve = (amount: bigint) => ({
  address: token,
  abi: erc20Abi,
  functionName: 'approve',
  args: [engine, amount],
})
const nonceOf = async (hash: Hex) => (await clients.public.getTransaction({ hash })).nonce
const pendingNonce = () =>
  clients.public.getTransactionCount({
    address: clients.wallet.account?.address as Address,
    blockTag: 'pending',
  })

describe('createTxSender', () => {
  test('two concurrent sends from one account both land, with consecutive nonces', async () => {
    const txs = sender()
    const sent: Hex[] = []
    const [a, b] = await Promise.all([
      txs.send(approve(1n), { onSent: (hash) => sent.push(hash) }),
      txs.send(approve(2n), { onSent: (hash) => sent.push(hash) }),
    ])
    expect([a.receipt.status, b.receipt.status]).toEqual(['success', 'success'])
    expect(new Set(sent)).toEqual(new Set([a.hash, b.hash]))
    expect(Math.abs((await nonceOf(b.hash)) - (await nonceOf(a.hash)))).toBe(1)
  })

  test('a send whose simulation is slow holds up no other send: the later one lands first, nonces stay consecutive', async () => {
    const proxy = await startFilteringRpcProxy(rpcUrl())
    try {
      const slow = 0xabc001n
      // Its simulation or estimate (any call carrying its calldata but the raw transaction) waits.
      proxy.setRule((body) =>
        body.includes(word(slow)) && !body.includes('eth_sendRawTransaction') ? 'hold' : 'pass',
      )
      const txs = senderVia(proxy.url)
      const first = txs.send(approve(slow))
      await until(() => proxy.heldCount() > 0)
      const second = await txs.send(approve(0xabc002n))
      expect(second.receipt.status).toBe('success')
      proxy.release()
      const landed = await first
      expect(landed.receipt.status).toBe('success')
      expect(await nonceOf(landed.hash)).toBe((await nonceOf(second.hash)) + 1)
    } finally {
      await proxy.close()
    }
  })

  test('a send lost on its way to the node leaves no nonce gap: the sends after it land', async () => {
    const proxy = await startFilteringRpcProxy(rpcUrl())
    try {
      const lostAmount = 0xabc003n
      // The raw transaction carries the calldata, so the lost one is recognised by its amount.
      proxy.setRule((body) =>
        body.includes('eth_sendRawTransaction') && body.includes(word(lostAmount).slice(-6))
          ? 'fail'
          : 'pass',
      )
      const txs = senderVia(proxy.url, { maxAttempts: 1 })
      const before = await pendingNonce()
      const lost = txs.send(approve(lostAmount)).catch((error: unknown) => error)
      const kept = txs.send(approve(0xabc004n))
      expect(await lost).toBeInstanceOf(ChainUnavailableError)
      // Whichever nonce the lost send had, the next send takes it, and the one stuck behind it lands.
      const after = await txs.send(approve(0xabc005n))
      const nonces = [await nonceOf((await kept).hash), await nonceOf(after.hash)].sort((a, b) => a - b)
      expect(nonces).toEqual([before, before + 1])
      expect(await pendingNonce()).toBe(before + 2)
    } finally {
      await proxy.close()
    }
  })

  test('a call mined before is not estimated again: one simulation at the gas it used checks the next send', async () => {
    const proxy = await startFilteringRpcProxy(rpcUrl())
    try {
      const methods: string[] = []
      proxy.setRule((body) => {
        for (const match of body.matchAll(/"method":"(\w+)"/g)) methods.push(match[1] ?? '')
        return 'pass'
      })
      const txs = senderVia(proxy.url)
      await txs.send(approve(0xabc006n))
      const first = methods.splice(0)
      const second = await txs.send(approve(0xabc007n))
      expect(second.receipt.status).toBe('success')
      expect(first.filter((m) => m === 'eth_estimateGas')).toHaveLength(1)
      expect(methods.filter((m) => m === 'eth_estimateGas')).toEqual([])
      expect(methods.filter((m) => m === 'eth_call')).toHaveLength(1)
    } finally {
      await proxy.close()
    }
  })

  test('a call that would revert is reported by its custom error name and arguments, and sends nothing', async () => {
    const txs = sender()
    const before = await pendingNonce()
    const orderId = keccak256(toHex('no such order'))
    const close = { address: engine, abi: engineCallAbi(), functionName: 'close', args: [orderId, []] }
    const error = await txs.send(close).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TxRevertedError)
    expect((error as TxRevertedError).details).toMatchObject({ reason: 'NotOpen', args: [orderId, 0] })
    await expect(txs.simulate(close)).rejects.toThrow(/NotOpen/)
    expect(await pendingNonce()).toBe(before)
  })

  test('after another transaction from the same key took its next nonce, the sender resyncs and lands', async () => {
    const txs = sender()
    const first = await txs.send(approve(3n))
    // The same key, outside the sender: the sender's local nonce is now stale.
    const outside = createWalletClient({
      chain: clients.wallet.chain,
      transport: http(chainOf(devnet.manifest, 'destination').rpcUrl),
      account: clients.wallet.account as NonNullable<typeof clients.wallet.account>,
    })
    const external = await outside.writeContract({
      chain: null,
      address: token,
      abi: erc20Abi,
      functionName: 'approve',
      args: [engine, 4n],
    })
    await clients.public.waitForTransactionReceipt({ hash: external })
    const second = await txs.send(approve(5n))
    expect(second.receipt.status).toBe('success')
    expect(await nonceOf(second.hash)).toBe((await nonceOf(first.hash)) + 2)
  })

  test('an unreachable node is retried with backoff, then reported as ChainUnavailableError', async () => {
    const chain = defineChain({
      id: 31338,
      name: 'down',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: ['http://127.0.0.1:9'] } },
    })
    const transport = http('http://127.0.0.1:9', { retryCount: 0 })
    const down = createTxSender({
      public: createPublicClient({ chain, transport }),
      wallet: createWalletClient({
        chain,
        transport,
        account: clients.wallet.account as NonNullable<typeof clients.wallet.account>,
      }),
      logger,
      maxAttempts: 2,
      backoffMs: 1,
    })
    const error = await down.send(approve(6n)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainUnavailableError)
    expect((error as ChainUnavailableError).code).toBe('CHAIN_UNAVAILABLE')
  })
})
