import { stringifyIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type PausableRpcProxy, startPausableRpcProxy } from '../infra/chain/testing/pausableRpcProxy.ts'
import { startTestDevnet, type TestDevnet } from '../infra/hyperlane/testing/testDevnet.ts'
import type { SolverNode } from '../node/createSolverNode.ts'
import { fixedFeeStrategy } from '../testing/fixedFeeStrategy.ts'
import { startTestNetwork, type TestNetwork } from '../testing/startTestNetwork.ts'
import { signTestIntent } from '../testing/testIntent.ts'
import type { ErrorResponse, HealthResponse } from './wire.ts'

// A real node whose origin RPC stalls (requests held open, never answered) until the test resumes it.
let devnet: TestDevnet
let proxy: PausableRpcProxy
let network: TestNetwork
let node: SolverNode
let originChainId: number
let destinationChainId: number

beforeAll(async () => {
  devnet = await startTestDevnet()
  const origin = chainOf(devnet.manifest, 'origin')
  originChainId = origin.chainId
  destinationChainId = chainOf(devnet.manifest, 'destination').chainId
  proxy = await startPausableRpcProxy(origin.rpcUrl)
  const stalling: DevnetManifest = {
    ...devnet.manifest,
    chains: devnet.manifest.chains.map((c) =>
      c.chainId === origin.chainId ? { ...c, rpcUrl: proxy.url } : c,
    ),
  }
  network = await startTestNetwork(devnet.manifest, [
    {
      solver: 0,
      strategy: fixedFeeStrategy(null),
      manifest: stalling,
      connect: false,
      roles: { relayer: false, keeper: false },
    },
  ])
  node = network.nodes[0] as SolverNode
}, 90_000)

afterAll(async () => {
  proxy?.resume()
  await network?.stop()
  await proxy?.close()
  devnet?.stop()
})

const health = async (): Promise<{ status: number; body: HealthResponse }> => {
  const response = await fetch(`${node.httpUrl()}/healthz`)
  return { status: response.status, body: (await response.json()) as HealthResponse }
}
const submit = (body: string) => fetch(`${node.httpUrl()}/v1/intents`, { method: 'POST', body })

test('while the origin RPC stalls: POST is 503 CHAIN_UNAVAILABLE and /healthz names the stale chain, both during the stall', async () => {
  const before = await health()
  expect(before.status).toBe(200)
  expect(before.body).toMatchObject({ ok: true, name: 'node-1', reasons: [], peers: 0 })
  expect(before.body.chains.map((chain) => [chain.chainId, chain.ok])).toEqual([
    [originChainId, true],
    [destinationChainId, true],
  ])
  const signed = await signTestIntent({ manifest: devnet.manifest, nonce: 9_001n })

  proxy.pause()
  const response = await submit(stringifyIntent(signed))
  // The answer came while the RPC still held the node's reads.
  expect(proxy.paused).toBe(true)
  expect(proxy.held()).toBeGreaterThan(0)
  expect(response.status).toBe(503)
  expect((await response.json()) as ErrorResponse).toEqual({
    code: 'CHAIN_UNAVAILABLE',
    message: 'origin chain read timed out after 1500 ms',
  })

  // /healthz answers throughout, and once the chain has been silent long enough it is named.
  let during = await health()
  while (during.body.ok) {
    expect(proxy.paused).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 50))
    during = await health()
  }
  expect(proxy.paused).toBe(true)
  expect(during.status).toBe(503)
  expect(during.body.reasons).toEqual([
    expect.stringMatching(
      new RegExp(`^chain ${originChainId}: stale, no answer since \\d{4}-\\d\\d-\\d\\dT`),
    ),
  ])
  expect(during.body.chains).toEqual([
    { chainId: originChainId, block: expect.any(Number), ageMs: expect.any(Number), ok: false },
    { chainId: destinationChainId, block: expect.any(Number), ageMs: expect.any(Number), ok: true },
  ])

  proxy.resume()
  let after = await health()
  while (!after.body.ok) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    after = await health()
  }
  expect(after.status).toBe(200)
  expect((await submit(stringifyIntent(signed))).status).toBe(202)
}, 60_000)
