import { stringifyIntent } from '@xmargin/intents'
import { chainOf } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import { advanceTime, fixedFeeStrategy, openOrder, signTestIntent } from '@xmargin/solver/testing'
import { type Address, createPublicClient, erc20Abi, type Hex, http } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { entryOf, eventually, fillCount, openCount, postIntent } from '../solver/networkHelpers.ts'
import { type AttackStack, fadesOf, fillsOf, note, sleep, story } from './attackNetwork.ts'
import { startWarmAttackStack } from './startWarmAttackStack.ts'

// A bonded solver (solver 0's key) that opens every intent the moment it is posted — ahead of the
// auction, which the chain does not know about — and never fills. Honest: R (solver 1, 2 bps) and C
// (solver 2, watching); both relay and keep, so the order can be expired and refunded.

let stack: AttackStack
let R: SolverNode
let C: SolverNode

beforeAll(async () => {
  stack = await startWarmAttackStack({
    bidders: [{ solver: 1, strategy: fixedFeeStrategy(2), roles: { relayer: true, keeper: true } }],
    watcher: { solver: 2, strategy: fixedFeeStrategy(null), roles: { relayer: true, keeper: true } },
    warmUpNonce: 161_999n,
  })
  ;[R, C] = stack.nodes as [SolverNode, SolverNode]
}, 120_000)

afterAll(() => stack?.stop())

test('an order a solver opened and abandoned is visibly refunded after its fill deadline, the solver is slashed, and no honest node is faded or opens twice', async () => {
  const manifest = stack.devnet.manifest
  const origin = chainOf(manifest, 'origin')
  const trader = manifest.accounts.traders[0]?.address as Address
  const weth = createPublicClient({ transport: http(origin.rpcUrl) })
  const balance = () =>
    weth.readContract({
      address: origin.contracts.weth as Address,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [trader],
    })
  const signed = await signTestIntent({
    manifest,
    nonce: 161_001n,
    now: Math.floor(Date.now() / 1000),
    openIn: 20,
    fillIn: 30,
    fee: { startBps: 2, maxBps: 30, rampSeconds: 30 },
  })
  const before = await balance()
  const [response] = await Promise.all([
    postIntent(C, stringifyIntent(signed)),
    openOrder(manifest, signed, 0),
  ])
  const orderId = response.body.orderId as Hex
  const opened = await entryOf(C, orderId, 'opened')
  expect(opened.actor).toBe(manifest.accounts.solvers[0]?.address)
  await sleep(5_000)
  expect(await fillCount(manifest, orderId)).toBe(0)
  const rFills = await fillsOf(R)

  await advanceTime(manifest, 45)
  const refunded = await entryOf(C, orderId, 'refunded', 90_000)
  const after = await eventually('the refund', async () => {
    const now = await balance()
    return now > before - signed.order.orderData.collateralAmount ? now : undefined
  })
  const status = (
    (await fetch(`${C.httpUrl()}/v1/intents/${orderId}`).then((r) => r.json())) as { status: string }
  ).status
  const report = `C: ${story(C, orderId)}; status ${status}; R's fills_total ${JSON.stringify(rFills)}; slashed ${String(refunded.detail.slashed)}`
  note(`[openNeverFill] ${report}`)
  expect(after, report).toBe(before)
  expect(BigInt(String(refunded.detail.slashed))).toBeGreaterThan(0n)
  expect(status).toBe('refunded')
  expect(await openCount(manifest, orderId)).toBe(1)
  expect(await fillCount(manifest, orderId)).toBe(0)
  expect(
    C.timeline(orderId).some((e) => e.kind === 'faded'),
    report,
  ).toBe(false)
  expect(await fadesOf(C, R.address)).toBe(0)
}, 180_000)
