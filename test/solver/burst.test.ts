import { stringifyIntent } from '@xmargin/intents'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent, startTestStack, type TestStack } from '@xmargin/solver/testing'
import { type Hex, parseEther } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { chainNow, entryOf, openCount, postIntent, waitForMesh } from './networkHelpers.ts'
import { type RpcProxy, startRpcProxy } from './rpcProxy.ts'

/** The schedule starts at the winner's 3 bps: each auction is due as soon as its bid window closes. */
const FEE = { startBps: 3, maxBps: 10, rampSeconds: 8 }
const BURST = 12
/** A provider ~100 ms away: each request the winner makes costs this much. */
const RPC_LATENCY_MS = 100

let stack: TestStack
let proxies: RpcProxy[]
let winner: SolverNode
let runnerUp: SolverNode

beforeAll(async () => {
  stack = await startTestStack([])
  const { manifest } = stack.devnet
  proxies = await Promise.all(manifest.chains.map((chain) => startRpcProxy(chain.rpcUrl)))
  for (const proxy of proxies) proxy.slowDown(RPC_LATENCY_MS)
  const far: DevnetManifest = {
    ...manifest,
    chains: manifest.chains.map((c, i) => ({ ...c, rpcUrl: proxies[i]?.url ?? c.rpcUrl })),
  }
  const roles = { relayer: false, keeper: false }
  winner = await stack.network.add({ solver: 0, strategy: fixedFeeStrategy(3), manifest: far, roles })
  runnerUp = await stack.network.add({ solver: 1, strategy: fixedFeeStrategy(8), roles })
  await waitForMesh([winner, runnerUp])
}, 120_000)

afterAll(async () => {
  await stack?.stop()
  await Promise.all((proxies ?? []).map((proxy) => proxy.close()))
})

test('a burst of intents won by one solver behind a slow RPC is opened by it in time: no fades, one Open each', async () => {
  const now = await chainNow(stack.devnet.manifest)
  const signed = await Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      signTestIntent({
        manifest: stack.devnet.manifest,
        trader: i % 2,
        nonce: 9_000n + BigInt(i),
        now,
        collateralAmount: parseEther('0.1'),
        size: parseEther('0.05'),
        fee: FEE,
      }),
    ),
  )
  const responses = await Promise.all(signed.map((intent) => postIntent(runnerUp, stringifyIntent(intent))))
  expect(responses.map((r) => r.status)).toEqual(Array(BURST).fill(202))
  const orderIds = responses.map((r) => r.body.orderId as Hex)

  for (const orderId of orderIds) {
    const filled = await entryOf(runnerUp, orderId, 'filled')
    expect(filled.actor).toBe(winner.address)
  }
  // Every open went out within the winner's grace, so nobody moved on from it.
  const faded = orderIds.flatMap((id) => runnerUp.timeline(id).filter((e) => e.kind === 'faded'))
  expect(faded).toEqual([])
  const metrics = await fetch(`${runnerUp.httpUrl()}/metrics`).then((r) => r.text())
  expect(metrics).toContain(`xmargin_fades_total{solver="${winner.address.toLowerCase()}"} 0`)
  for (const orderId of orderIds) expect(await openCount(stack.devnet.manifest, orderId)).toBe(1)
})
