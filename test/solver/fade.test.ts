import { stringifyIntent } from '@xmargin/intents'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent, startTestStack, type TestStack } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { entryOf, fillCount, openCount, postIntent, waitForMesh } from './networkHelpers.ts'
import { type RpcProxy, startRpcProxy } from './rpcProxy.ts'

/** The schedule reaches the winner's 3 bps after 2 s and the runner-up's 8 bps after 8 s. */
const FAST_FEE = { startBps: 2, maxBps: 10, rampSeconds: 10 }

let stack: TestStack
let proxies: RpcProxy[]
let cut: DevnetManifest

beforeAll(async () => {
  // The runner-up: bids higher, fills only if the winner fades.
  stack = await startTestStack([{ solver: 1, strategy: fixedFeeStrategy(8) }])
  const { manifest } = stack.devnet
  // The winner reads both chains but cannot send to either: it bids, wins, and never opens.
  proxies = await Promise.all(manifest.chains.map((chain) => startRpcProxy(chain.rpcUrl)))
  for (const proxy of proxies) proxy.refuseSends(true)
  cut = {
    ...manifest,
    chains: manifest.chains.map((c, i) => ({ ...c, rpcUrl: proxies[i]?.url ?? c.rpcUrl })),
  }
}, 90_000)

afterAll(async () => {
  await stack?.stop()
  await Promise.all((proxies ?? []).map((proxy) => proxy.close()))
})

test('a winner that never opens fades: the next bidder fills, and the fading solver is banned', async () => {
  const [runnerUp] = stack.network.nodes as [SolverNode]
  const winner = await stack.network.add({
    solver: 0,
    strategy: fixedFeeStrategy(3),
    manifest: cut,
    roles: { relayer: false, keeper: false },
  })
  await waitForMesh([runnerUp, winner])
  const signed = await signTestIntent({ manifest: stack.devnet.manifest, nonce: 5001n, fee: FAST_FEE })
  const response = await postIntent(winner, stringifyIntent(signed))
  expect(response.status).toBe(202)
  const orderId = response.body.orderId as Hex

  const faded = await entryOf(runnerUp, orderId, 'faded')
  expect(faded.actor).toBe(winner.address)
  const filled = await entryOf(runnerUp, orderId, 'filled')
  expect(filled.actor).toBe(runnerUp.address)
  expect(filled.detail.feeBps).toBe(8)
  expect(await openCount(stack.devnet.manifest, orderId)).toBe(1)
  expect(await fillCount(stack.devnet.manifest, orderId)).toBe(1)
  const metrics = await fetch(`${runnerUp.httpUrl()}/metrics`).then((r) => r.text())
  expect(metrics).toContain(`xmargin_fades_total{solver="${winner.address.toLowerCase()}"} 1`)
  // The winner itself keeps trying and never bans itself.
  const own = await fetch(`${winner.httpUrl()}/metrics`).then((r) => r.text())
  expect(own).toContain(`xmargin_fades_total{solver="${winner.address.toLowerCase()}"} 0`)
  expect(winner.timeline(orderId).some((e) => e.kind === 'faded' && e.actor === winner.address)).toBe(false)

  // Banned now: its next lower bid is passed over at once, with no grace period to wait out.
  const next = await signTestIntent({ manifest: stack.devnet.manifest, nonce: 5002n, fee: FAST_FEE })
  const nextId = (await postIntent(winner, stringifyIntent(next))).body.orderId as Hex
  const bids = await entryOf(runnerUp, nextId, 'filled').then(() => runnerUp.timeline(nextId))
  expect(bids.filter((e) => e.kind === 'bid').map((e) => e.actor)).toContain(winner.address)
  expect(bids.some((e) => e.kind === 'faded')).toBe(false)
  expect((await entryOf(runnerUp, nextId, 'filled')).actor).toBe(runnerUp.address)
})
