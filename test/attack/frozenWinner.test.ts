import { stringifyIntent } from '@xmargin/intents'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { entryOf, fillCount, openCount, postIntent, waitForMesh } from '../solver/networkHelpers.ts'
import {
  type AttackStack,
  fadesOf,
  fillsOf,
  note,
  sleep,
  startAttackStack,
  story,
  warmUp,
} from './attackNetwork.ts'
import { type ChaosProxy, startChaosProxy } from './chaosProxy.ts'

// One node's provider freezes (both chains) while the others see the chains fine: they disagree
// about whether the winner could act. W (solver 0, 2 bps) is behind the frozen proxies; R (solver 1,
// 3 bps) and C (solver 2, watching) are not. Then the reverse: only the observer C is frozen.

let stack: AttackStack
const wProxies: ChaosProxy[] = []
const cProxies: ChaosProxy[] = []
let W: SolverNode
let R: SolverNode
let C: SolverNode

async function behind(manifest: DevnetManifest, into: ChaosProxy[]): Promise<DevnetManifest> {
  for (const chain of manifest.chains) into.push(await startChaosProxy(chain.rpcUrl))
  return { ...manifest, chains: manifest.chains.map((c, i) => ({ ...c, rpcUrl: into[i]?.url ?? c.rpcUrl })) }
}

beforeAll(async () => {
  stack = await startAttackStack([])
  const { manifest } = stack.devnet
  W = await stack.add({
    solver: 0,
    strategy: fixedFeeStrategy(2),
    manifest: await behind(manifest, wProxies),
  })
  R = await stack.add({ solver: 1, strategy: fixedFeeStrategy(3) })
  C = await stack.add({
    solver: 2,
    strategy: fixedFeeStrategy(null),
    manifest: await behind(manifest, cProxies),
  })
  await waitForMesh([W, R, C])
  await warmUp(stack, C, [W, R], 191_999n)
}, 150_000)

afterAll(async () => {
  await stack?.stop()
  await Promise.all([...wProxies, ...cProxies].map((p) => p.close()))
})

const FEE = { startBps: 2, maxBps: 30, rampSeconds: 56 }

describe('one node frozen, the others not', () => {
  test('a winner frozen for 8 s right after bidding does not leave its order stuck or opened twice: it is opened and filled exactly once', async () => {
    const manifest = stack.devnet.manifest
    const signed = await signTestIntent({
      manifest,
      nonce: 191_001n,
      now: Math.floor(Date.now() / 1000),
      fee: FEE,
    })
    const response = await postIntent(R, stringifyIntent(signed))
    const orderId = response.body.orderId as Hex
    await entryOf(R, orderId, 'bid')
    for (const p of wProxies) p.freeze(true)
    await sleep(8_000)
    for (const p of wProxies) p.freeze(false)
    const filled = await entryOf(C, orderId, 'filled', 30_000)
    await sleep(5_000)
    const report = `W: ${story(W, orderId)}\nR: ${story(R, orderId)}\nC: ${story(C, orderId)}\nW fills_total ${JSON.stringify(await fillsOf(W))}; fades of W on R/C: ${await fadesOf(R, W.address)}/${await fadesOf(C, W.address)}`
    note(`[frozenWinner]\n${report}`)
    expect(await openCount(manifest, orderId)).toBe(1)
    expect(await fillCount(manifest, orderId)).toBe(1)
    expect(filled.actor).toBeDefined()
  }, 90_000)

  test('an observer frozen while the winner opens fades nobody, and the winner fills as usual', async () => {
    const manifest = stack.devnet.manifest
    const before = await fadesOf(C, R.address)
    const signed = await signTestIntent({
      manifest,
      nonce: 191_002n,
      now: Math.floor(Date.now() / 1000),
      fee: FEE,
    })
    for (const p of cProxies) p.freeze(true)
    const response = await postIntent(R, stringifyIntent(signed))
    const orderId = response.body.orderId as Hex
    const filled = await entryOf(R, orderId, 'filled', 30_000)
    await sleep(6_000)
    for (const p of cProxies) p.freeze(false)
    await entryOf(C, orderId, 'filled', 30_000).catch(() => undefined)
    const report = `R: ${story(R, orderId)}\nC: ${story(C, orderId)}`
    note(`[frozenObserver]\n${report}`)
    expect(await openCount(manifest, orderId)).toBe(1)
    expect(filled.actor).toBeDefined()
    expect(await fadesOf(C, R.address), report).toBe(before)
  }, 90_000)
})
