import { stringifyIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { entryOf, fillCount, openCount, postIntent, waitForMesh } from '../solver/networkHelpers.ts'
import {
  type AttackStack,
  fadesRecorded,
  note,
  sleep,
  startAttackStack,
  story,
  warmUp,
} from './attackNetwork.ts'
import { type ChaosProxy, startChaosProxy } from './chaosProxy.ts'

// One RPC provider in front of both chains for every node, flapping: it stalls 1.5 s, answers for
// 0.5 s, forever. Each stall is shorter than the 2 s the liveness check calls a stall, so graces run
// on; but every read and send of the winner may wait up to 1.5 s. W (solver 0) bids 2 bps, R
// (solver 1) 3 bps, C (solver 2) watches.

let stack: AttackStack
const proxies: ChaosProxy[] = []
let W: SolverNode
let R: SolverNode
let C: SolverNode

beforeAll(async () => {
  stack = await startAttackStack([])
  const { manifest } = stack.devnet
  for (const chain of manifest.chains) proxies.push(await startChaosProxy(chain.rpcUrl))
  const shared: DevnetManifest = {
    ...manifest,
    chains: manifest.chains.map((c, i) => ({ ...c, rpcUrl: proxies[i]?.url ?? c.rpcUrl })),
  }
  W = await stack.add({ solver: 0, strategy: fixedFeeStrategy(2), manifest: shared })
  R = await stack.add({ solver: 1, strategy: fixedFeeStrategy(3), manifest: shared })
  C = await stack.add({ solver: 2, strategy: fixedFeeStrategy(null), manifest: shared })
  await waitForMesh([W, R, C])
  await warmUp(stack, C, [W, R], 141_999n)
}, 150_000)

afterAll(async () => {
  await stack?.stop()
  await Promise.all(proxies.map((p) => p.close()))
})

describe('a flapping RPC shared by every node', () => {
  test.each([
    // The attack, either way: an open mined while a node's scan is held in a stall is missed by that
    // scan, which would still count as "answered" after the fade moment (staleScan.test.ts), fading
    // the winner although it opened in time; or an intake read caught by a stall times out (1.5 s) and the
    // other nodes drop the gossiped intent for good (ignoredIntent.test.ts).
    { onMs: 1_500, offMs: 500, label: '1.5 s stalled / 0.5 s answering' },
    // Stalls just past intake's 1.5 s read timeout: the other nodes `ignore` the gossiped intent
    // (CHAIN_UNAVAILABLE), and must still learn of it again once reads succeed (ignoredIntent.test.ts).
    { onMs: 1_600, offMs: 300, label: '1.6 s stalled / 0.3 s answering' },
  ])(
    '$label — each intent is filled exactly once, and nobody is faded for the provider’s stalls',
    async ({ onMs, offMs }) => {
      const manifest = stack.devnet.manifest
      const origin = chainOf(manifest, 'origin')
      for (const p of proxies) p.flap(onMs, offMs)
      const lines: string[] = []
      const orderIds: Hex[] = []
      try {
        for (let i = 0; i < 4; i++) {
          const signed = await signTestIntent({
            manifest,
            nonce: 141_000n + BigInt(onMs) * 10n + BigInt(i),
            now: Math.floor(Date.now() / 1000),
            fee: { startBps: 2, maxBps: 30, rampSeconds: 56 },
          })
          const started = Date.now()
          // Posted straight to anvil-backed intake: C's own reads go through the flapping proxy, and a
          // read stalled past 1.5 s is a 503 — retried, as a wallet would.
          let response = await postIntent(C, stringifyIntent(signed))
          for (let retry = 0; response.status === 503 && retry < 5; retry++) {
            await sleep(300)
            response = await postIntent(C, stringifyIntent(signed))
          }
          expect(response.status, JSON.stringify(response.body)).toBe(202)
          const orderId = response.body.orderId as Hex
          orderIds.push(orderId)
          const filled = await entryOf(C, orderId, 'filled', 30_000).catch((error: Error) => {
            throw new Error(
              `${lines.join('\n')}\n#${i}: ${error.message}\nW: ${story(W, orderId) || 'never heard of it'}\nR: ${story(R, orderId) || 'never heard of it'}`,
            )
          })
          lines.push(
            `#${i}: filled by ${filled.actor?.slice(0, 6)} after ${Date.now() - started} ms; C: ${story(C, orderId)}`,
          )
        }
      } finally {
        for (const p of proxies) p.stopFlapping()
      }
      await sleep(2_000)
      const fades = [W, R].flatMap((s) => fadesRecorded([W, R, C], orderIds, s.address))
      const report = `${lines.join('\n')}\nfades: ${fades.join(', ') || 'none'}; origin: ${origin.chainId}`
      note(`[flappingRpc ${onMs}/${offMs}]\n${report}`)
      for (const orderId of orderIds) {
        expect(await openCount(manifest, orderId)).toBe(1)
        expect(await fillCount(manifest, orderId)).toBe(1)
      }
      expect(fades, report).toEqual([])
    },
    300_000,
  )
})
