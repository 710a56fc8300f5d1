import { chainOf } from '@xmargin/settlement-contracts/deploy'
import { createPublicClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type FilteringRpcProxy, startFilteringRpcProxy } from '../infra/chain/testing/filteringRpcProxy.ts'
import { startTestDevnet, type TestDevnet } from '../infra/hyperlane/testing/testDevnet.ts'
import { createMarketReader } from './marketReader.ts'

let devnet: TestDevnet
let proxy: FilteringRpcProxy
beforeAll(async () => {
  devnet = await startTestDevnet()
  proxy = await startFilteringRpcProxy(chainOf(devnet.manifest, 'destination').rpcUrl)
})
afterAll(async () => {
  await proxy?.close()
  devnet?.stop()
})

describe('createMarketReader', () => {
  test('while the destination RPC holds every request, a recent snapshot is served at once and a fresh read waits', async () => {
    const { manifest } = devnet
    const client = (url: string) => createPublicClient({ transport: http(url, { retryCount: 0 }) })
    const market = createMarketReader({
      manifest,
      origin: { chain: chainOf(manifest, 'origin'), client: client(chainOf(manifest, 'origin').rpcUrl) },
      destination: { chain: chainOf(manifest, 'destination'), client: client(proxy.url) },
      solver: manifest.accounts.solvers[0]?.address ?? '0x',
      maxAgeMs: 0,
    })
    const before = await market.update()
    proxy.setRule(() => 'hold')
    // A quote asks for the recent one: it gets it while the read behind it is held.
    const served = await market.recent(60_000)
    expect(served).toBe(before)
    let fresh = false
    const reading = market.update().then(() => {
      fresh = true
    })
    while (proxy.heldCount() === 0) await new Promise((done) => setTimeout(done, 10))
    expect(fresh).toBe(false)
    proxy.setRule(() => 'pass')
    proxy.release()
    await reading
    expect(market.latest()?.readAtMs).toBeGreaterThan(before.readAtMs)
  })
})
