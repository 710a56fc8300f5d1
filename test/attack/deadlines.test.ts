import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { entryOf, fillCount, openCount, postIntent } from '../solver/networkHelpers.ts'
import { type AttackStack, fadesOf, note, sleep, story } from './attackNetwork.ts'
import { startWarmAttackStack } from './startWarmAttackStack.ts'

// Intents at the edges of their own terms. R (solver 1) bids 5 bps; C (solver 2) watches.

let stack: AttackStack
let R: SolverNode
let C: SolverNode

beforeAll(async () => {
  stack = await startWarmAttackStack({
    bidders: [{ solver: 1, strategy: fixedFeeStrategy(5) }],
    watcher: { solver: 2, strategy: fixedFeeStrategy(null) },
    warmUpNonce: 131_999n,
  })
  ;[R, C] = stack.nodes as [SolverNode, SolverNode]
}, 120_000)

afterAll(() => stack?.stop())

async function statusOf(node: SolverNode, orderId: Hex): Promise<string> {
  const body = (await fetch(`${node.httpUrl()}/v1/intents/${orderId}`).then((r) => r.json())) as {
    status: string
  }
  return body.status
}

const IN_FLIGHT = ['received', 'bid', 'won', 'faded']

describe('intents at their deadlines', () => {
  test('an intent whose fee schedule reaches the only bid after its open deadline lapses unopened, and no node reports it in flight any more', async () => {
    const manifest = stack.devnet.manifest
    // Wall clock: the latest origin block can be seconds old (automine), and intake checks deadlines
    // against the node's clock.
    const now = Math.floor(Date.now() / 1000)
    // 5 bps is reached 50 s in; the open deadline is 8 s in.
    const signed = await signTestIntent({
      manifest,
      nonce: 131_001n,
      now,
      openIn: 8,
      fillIn: 600,
      fee: { startBps: 0, maxBps: 30, rampSeconds: 300 },
    })
    const response = await postIntent(C, stringifyIntent(signed))
    expect(response.status).toBe(202)
    const orderId = response.body.orderId as Hex
    await sleep(Math.max(0, (signed.order.openDeadline + 3) * 1000 - Date.now()))
    const statuses = { R: await statusOf(R, orderId), C: await statusOf(C, orderId) }
    const report = `statuses after the open deadline: ${JSON.stringify(statuses)}; C: ${story(C, orderId)}; opens ${await openCount(manifest, orderId)}`
    note(`[deadlines/lapsed] ${report}`)
    expect(await openCount(manifest, orderId)).toBe(0)
    // The trader must be able to tell it is over: not opened, never will be.
    for (const status of Object.values(statuses)) expect(IN_FLIGHT, report).not.toContain(status)
  }, 60_000)

  test('intents whose open deadline is 1–3 s away are opened and filled once, or not at all, and nobody is faded', async () => {
    const manifest = stack.devnet.manifest
    const lines: string[] = []
    for (const openIn of [1, 2, 3]) {
      const signed = await signTestIntent({
        manifest,
        nonce: 131_100n + BigInt(openIn),
        now: Math.floor(Date.now() / 1000),
        openIn,
        fillIn: 120,
        // R's 5 bps at once.
        fee: { startBps: 5, maxBps: 30, rampSeconds: 60 },
      })
      const response = await postIntent(C, stringifyIntent(signed))
      if (response.status !== 202) {
        lines.push(`openIn ${openIn}: refused ${response.status} ${String(response.body.code)}`)
        continue
      }
      const orderId = response.body.orderId as Hex
      await sleep(Math.max(0, (signed.order.openDeadline + 4) * 1000 - Date.now()))
      const opens = await openCount(manifest, orderId)
      if (opens === 1) await entryOf(C, orderId, 'filled', 20_000)
      lines.push(
        `openIn ${openIn}: opens ${opens}, fills ${await fillCount(manifest, orderId)}; C: ${story(C, orderId)}`,
      )
      expect(opens).toBeLessThanOrEqual(1)
      expect(await fillCount(manifest, orderId)).toBe(opens)
      expect(C.timeline(orderId).some((e) => e.kind === 'faded')).toBe(false)
    }
    note(`[deadlines/boundary]\n${lines.join('\n')}`)
    expect(await fadesOf(C, R.address)).toBe(0)
  }, 90_000)
})
