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
    expect(sent).toEqual([a.hash, b.hash])
    expect((await nonceOf(b.hash)) - (await nonceOf(a.hash))).toBe(1)
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
