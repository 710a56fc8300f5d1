import { chainOf, DEVNET_COLLATERALS } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, http, maxUint256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openForIntent, startTestDevnet, type TestDevnet } from '../hyperlane/testing/testDevnet.ts'
import { createOriginState } from './originState.ts'
import { startPausableRpcProxy } from './testing/pausableRpcProxy.ts'

describe('createOriginState', () => {
  let devnet: TestDevnet
  let rpcUrl: string
  let permit2: Address
  let weth: Address
  let trader: Address
  beforeAll(async () => {
    devnet = await startTestDevnet()
    const origin = chainOf(devnet.manifest, 'origin')
    rpcUrl = origin.rpcUrl
    permit2 = origin.contracts.permit2 as Address
    weth = origin.contracts.weth as Address
    trader = devnet.manifest.accounts.traders[0]?.address as Address
  })
  afterAll(() => devnet?.stop())

  /** A client that counts the JSON-RPC requests it sends. */
  function countingClient(url = rpcUrl) {
    const counter = { requests: 0 }
    const client = createPublicClient({
      transport: http(url, {
        retryCount: 0,
        onFetchRequest: () => {
          counter.requests++
        },
      }),
    })
    return { client, counter }
  }

  it("reads a funded trader's balance and its Permit2 allowance", async () => {
    const state = createOriginState({ client: countingClient().client, permit2 })
    expect(await state.balanceOf(weth, trader)).toBe(DEVNET_COLLATERALS.WETH.perTrader)
    expect(await state.permit2Allowance(weth, trader)).toBe(maxUint256)
    const stranger = privateKeyToAccount(`0x${'42'.repeat(32)}`).address
    expect(await state.balanceOf(weth, stranger)).toBe(0n)
    expect(await state.permit2Allowance(weth, stranger)).toBe(0n)
  })

  it('sees the nonce of an opened order as used once its cached read is invalidated', async () => {
    let clock = 0
    const state = createOriginState({ client: countingClient().client, permit2, now: () => clock })
    const nonce = 777n
    expect(await state.nonceUsed(trader, nonce)).toBe(false)
    await openForIntent(devnet.manifest, nonce)
    // Within the TTL the cached bitmap word still answers.
    clock = 1_999
    expect(await state.nonceUsed(trader, nonce)).toBe(false)
    state.invalidate(trader)
    expect(await state.nonceUsed(trader, nonce)).toBe(true)
    // Neighbours in the same 256-nonce word stay unused.
    expect(await state.nonceUsed(trader, nonce + 1n)).toBe(false)
    expect(await state.nonceUsed(trader, nonce - 1n)).toBe(false)

    const reopened = 778n
    await openForIntent(devnet.manifest, reopened)
    clock = 10_000 // past the TTL the word is read again
    expect(await state.nonceUsed(trader, reopened)).toBe(true)
  })

  it('sends one request for many identical concurrent reads, and reuses it within the TTL', async () => {
    let clock = 0
    const { client, counter } = countingClient()
    const state = createOriginState({ client, permit2, ttlMs: 1_000, now: () => clock })
    const balances = await Promise.all(Array.from({ length: 50 }, () => state.balanceOf(weth, trader)))
    expect(new Set(balances).size).toBe(1)
    expect(counter.requests).toBe(1)
    // 256 nonces share one bitmap word.
    await Promise.all(Array.from({ length: 256 }, (_, i) => state.nonceUsed(trader, 512n + BigInt(i))))
    expect(counter.requests).toBe(2)
    clock = 999
    await state.balanceOf(weth, trader)
    expect(counter.requests).toBe(2)
    clock = 1_000
    await state.balanceOf(weth, trader)
    expect(counter.requests).toBe(3)
    state.invalidate()
    await state.nonceUsed(trader, 512n)
    expect(counter.requests).toBe(4)
  })

  it('answers CHAIN_UNAVAILABLE while the RPC stalls, before the stall ends, with one request per read', async () => {
    const proxy = await startPausableRpcProxy(rpcUrl)
    try {
      const state = createOriginState({ client: countingClient(proxy.url).client, permit2 })
      proxy.pause()
      const stalled = () =>
        Promise.allSettled(Array.from({ length: 20 }, () => state.balanceOf(weth, trader)))
      const first = await stalled()
      // Every caller got its answer while the RPC was still holding the request.
      expect(proxy.paused).toBe(true)
      expect(proxy.held()).toBe(1)
      for (const outcome of first)
        expect(outcome).toMatchObject({
          status: 'rejected',
          reason: {
            code: 'CHAIN_UNAVAILABLE',
            message: 'origin chain read timed out after 1500 ms',
            details: { read: `balance:${weth.toLowerCase()}:${trader.toLowerCase()}` },
          },
        })
      // The stalled request is not shared past the timeout, but the next callers send one more, not 20.
      const second = await stalled()
      expect(second.every((outcome) => outcome.status === 'rejected')).toBe(true)
      expect(proxy.paused).toBe(true)
      expect(proxy.received()).toBe(2)
      proxy.resume()
      const direct = createOriginState({ client: countingClient().client, permit2 })
      expect(await state.balanceOf(weth, trader)).toBe(await direct.balanceOf(weth, trader))
    } finally {
      await proxy.close()
    }
  })

  it('reports an unreachable chain as CHAIN_UNAVAILABLE and does not cache the failure', async () => {
    const { client, counter } = countingClient('http://127.0.0.1:9')
    const state = createOriginState({ client, permit2 })
    const read = () => state.balanceOf(weth, trader)
    await expect(read()).rejects.toMatchObject({ name: 'ChainUnavailableError', code: 'CHAIN_UNAVAILABLE' })
    const before = counter.requests
    await expect(read()).rejects.toMatchObject({ code: 'CHAIN_UNAVAILABLE' })
    expect(counter.requests).toBeGreaterThan(before)
  })
})
