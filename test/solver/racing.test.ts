import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent, startTestStack, type TestStack } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { chainNow, entryOf, eventually, fillCount, openCount, postIntent } from './networkHelpers.ts'

let stack: TestStack

beforeAll(async () => {
  // Two nodes that cannot hear each other: each believes it won, so both race to the chain.
  stack = await startTestStack([
    { solver: 0, strategy: fixedFeeStrategy(2), connect: false },
    { solver: 1, strategy: fixedFeeStrategy(2), connect: false },
  ])
}, 90_000)

afterAll(() => stack?.stop())

test('two solvers racing for one intent: exactly one opens and fills, the other stands down', async () => {
  const { devnet, network } = stack
  const [a, b] = network.nodes as [SolverNode, SolverNode]
  const signed = await signTestIntent({
    manifest: devnet.manifest,
    nonce: 2001n,
    now: await chainNow(devnet.manifest),
  })
  const body = stringifyIntent(signed)
  const [first, second] = await Promise.all([postIntent(a, body), postIntent(b, body)])
  expect([first.status, second.status]).toEqual([202, 202])
  const orderId = first.body.orderId as Hex

  const filled = await entryOf(a, orderId, 'filled')
  await entryOf(b, orderId, 'filled')
  // Both nodes' own attempts are over (one filled, the other abandoned or never started).
  await eventually('both nodes to finish', () =>
    a.timeline(orderId).length > 0 && b.timeline(orderId).length > 0 ? true : undefined,
  )
  expect(await openCount(devnet.manifest, orderId)).toBe(1)
  expect(await fillCount(devnet.manifest, orderId)).toBe(1)
  const opener = (await entryOf(b, orderId, 'opened')).actor?.toLowerCase()
  expect(filled.actor?.toLowerCase()).toBe(opener)
  expect([a.address.toLowerCase(), b.address.toLowerCase()]).toContain(opener)
})
