import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent, startTestStack, type TestStack } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chainNow, entryOf, fillCount, openCount, postIntent, waitForMesh } from './networkHelpers.ts'

let stack: TestStack
let devnet: TestStack['devnet']
let cheap: SolverNode
let dear: SolverNode
let passive: SolverNode

beforeAll(async () => {
  stack = await startTestStack([
    { solver: 0, strategy: fixedFeeStrategy(5) },
    { solver: 1, strategy: fixedFeeStrategy(8) },
    { solver: 2, strategy: fixedFeeStrategy(null) },
  ])
  devnet = stack.devnet
  ;[cheap, dear, passive] = stack.network.nodes as [SolverNode, SolverNode, SolverNode]
  await waitForMesh(stack.network.nodes)
}, 90_000)

afterAll(() => stack?.stop())

describe('an intent through the solver network', () => {
  let orderId: Hex
  let submitted: string

  test('submitted to a node that does not bid, it is gossiped, bid on, and filled once by the lowest bidder', async () => {
    const signed = await signTestIntent({
      manifest: devnet.manifest,
      nonce: 1001n,
      now: await chainNow(devnet.manifest),
      fee: { startBps: 4, maxBps: 30, rampSeconds: 60 },
    })
    submitted = stringifyIntent(signed)
    const response = await postIntent(passive, submitted)
    expect(response.status).toBe(202)
    orderId = response.body.orderId as Hex

    const filled = await entryOf(passive, orderId, 'filled')
    expect(filled.actor?.toLowerCase()).toBe(cheap.address.toLowerCase())
    expect(filled.detail.feeBps).toBe(5)
    const bids = passive.timeline(orderId).filter((e) => e.kind === 'bid')
    expect(bids.map((b) => [b.actor?.toLowerCase(), b.detail.feeBps]).sort()).toEqual(
      [
        [cheap.address.toLowerCase(), 5],
        [dear.address.toLowerCase(), 8],
      ].sort(),
    )
    expect((await entryOf(dear, orderId, 'opened')).actor?.toLowerCase()).toBe(cheap.address.toLowerCase())
    expect(await openCount(devnet.manifest, orderId)).toBe(1)
    expect(await fillCount(devnet.manifest, orderId)).toBe(1)
  })

  test('the messages settle it: the front is repaid and the fee paid, visible in every node’s timeline', async () => {
    // Backed: `Locked` repaid the front — or, when it arrived before the fill, there was nothing to front.
    const filled = await entryOf(dear, orderId, 'filled')
    if (filled.detail.front !== '0') await entryOf(dear, orderId, 'backed')
    const feePaid = await entryOf(dear, orderId, 'fee-paid')
    expect(feePaid.actor?.toLowerCase()).toBe(cheap.address.toLowerCase())
    const response = await fetch(`${dear.httpUrl()}/v1/intents/${orderId}`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { timeline: { kind: string }[] }
    const kinds = body.timeline.map((e) => e.kind)
    for (const kind of ['received', 'bid', 'opened', 'filled', 'fee-paid']) expect(kinds).toContain(kind)
  })

  test('the same intent again is known to every node, not refused for its spent nonce', async () => {
    for (const node of [passive, cheap, dear]) {
      const again = await postIntent(node, submitted)
      expect(again).toEqual({ status: 200, body: { orderId, status: 'duplicate' } })
    }
    expect(await fillCount(devnet.manifest, orderId)).toBe(1)
  })

  test('an intent reusing a spent nonce with other terms is refused with the rule and the field', async () => {
    const reused = await signTestIntent({ manifest: devnet.manifest, nonce: 1001n, size: 10n ** 17n })
    const response = await postIntent(cheap, stringifyIntent(reused))
    expect(response.status).toBe(422)
    expect(response.body).toMatchObject({ code: 'NONCE_USED', field: 'nonce' })
  })

  test('bad intents over HTTP get a 4xx naming the rule and the field, and reach nobody', async () => {
    const now = await chainNow(devnet.manifest)
    const malformed = await postIntent(cheap, '{"order": ')
    expect(malformed.status).toBe(400)
    expect(malformed.body.code).toBe('MALFORMED_JSON')

    const signed = await signTestIntent({ manifest: devnet.manifest, nonce: 1002n, now })
    const tampered = stringifyIntent({
      ...signed,
      order: {
        ...signed.order,
        orderData: { ...signed.order.orderData, size: signed.order.orderData.size * 2n },
      },
    })
    const forged = await postIntent(cheap, tampered)
    expect(forged.status).toBe(400)
    expect(forged.body.code).toBe('SIGNER_MISMATCH')

    const broke = await signTestIntent({
      manifest: devnet.manifest,
      nonce: 1003n,
      now,
      collateralAmount: 10n ** 24n,
    })
    const poor = await postIntent(cheap, stringifyIntent(broke))
    expect(poor.status).toBe(422)
    expect(poor.body).toMatchObject({ code: 'INSUFFICIENT_BALANCE', field: 'orderData.collateralAmount' })
  })
})
