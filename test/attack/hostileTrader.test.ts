import { stringifyIntent } from '@xmargin/intents'
import { chainOf } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import { type Address, createWalletClient, type Hex, http, parseAbi, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chainNow, entryOf, eventually, openCount, postIntent } from '../solver/networkHelpers.ts'
import {
  type AttackStack,
  fadesOf,
  fadesRecorded,
  fillsOf,
  note,
  sleep,
  story,
  waitUntilUnbanned,
} from './attackNetwork.ts'
import { startWarmAttackStack } from './startWarmAttackStack.ts'

// A hostile trader against honest solvers. W (solver 0) bids 2 bps and wins; R (solver 1) bids 3 bps
// and is next; C (solver 2) watches. The trader makes its own intent impossible to open after every
// node has accepted it — no rule it breaks is visible at intake — and the honest solvers, which cannot
// open it whatever they do, must not be judged to have faded.

const FEE = { startBps: 2, maxBps: 30, rampSeconds: 56 } // 3 bps after 2 s

let stack: AttackStack
let W: SolverNode
let R: SolverNode
let C: SolverNode
let nonce = 71_000n

beforeAll(async () => {
  stack = await startWarmAttackStack({
    bidders: [
      { solver: 0, strategy: fixedFeeStrategy(2) },
      { solver: 1, strategy: fixedFeeStrategy(3) },
    ],
    watcher: { solver: 2, strategy: fixedFeeStrategy(null) },
    warmUpNonce: 71_999n,
    // Short bans, so each test starts with nobody banned (a ban doubles per repeat).
    auction: { baseBanMs: 4_000, maxBanMs: 64_000 },
  })
  ;[W, R, C] = stack.nodes as [SolverNode, SolverNode, SolverNode]
}, 120_000)

afterAll(() => stack?.stop())

const honest = () => [W, R, C]

async function penaltiesReport(orderIds: Hex[]): Promise<string> {
  const lines = [] as string[]
  for (const orderId of orderIds)
    for (const n of honest()) lines.push(`${n.name} ${orderId.slice(0, 10)}: ${story(n, orderId)}`)
  for (const n of honest())
    lines.push(`${n.name}: fades_total W=${await fadesOf(n, W.address)} R=${await fadesOf(n, R.address)}`)
  return lines.join('\n')
}

describe('a trader that makes its accepted intent unopenable', () => {
  test('when a trader posts two intents that each need most of its balance, the honest bidders on the one nobody can open are not faded or banned', async () => {
    const now = await chainNow(stack.devnet.manifest)
    // Trader 1 holds 100 WETH: each intent alone passes intake (balance ≥ amount), both cannot be opened.
    const intents = await Promise.all(
      [0, 1].map(() =>
        signTestIntent({
          manifest: stack.devnet.manifest,
          trader: 1,
          nonce: nonce++,
          now,
          fee: FEE,
          collateralAmount: parseEther('60'),
          size: parseEther('1'),
        }),
      ),
    )
    const responses = await Promise.all(intents.map((i) => postIntent(C, stringifyIntent(i))))
    expect(responses.map((r) => r.status)).toEqual([202, 202])
    const orderIds = responses.map((r) => r.body.orderId as Hex)
    // One of them opens (W's, at 2 bps). The other never can.
    await eventually('one of the two opened', async () => {
      const opens = await Promise.all(orderIds.map((id) => openCount(stack.devnet.manifest, id)))
      return opens.some((n) => n === 1) ? true : undefined
    })
    // W's grace (3 s), then R's slot and grace (3 s), with room to spare.
    await sleep(9_000)
    const report = await penaltiesReport(orderIds)
    note(`[hostileTrader/over-committed balance]\n${report}`)
    expect(fadesRecorded(honest(), orderIds, W.address), report).toEqual([])
    expect(fadesRecorded(honest(), orderIds, R.address), report).toEqual([])
    for (const n of honest()) {
      expect(await fadesOf(n, W.address), report).toBe(0)
      expect(await fadesOf(n, R.address), report).toBe(0)
    }
  }, 90_000)

  test('when the trader spends its Permit2 nonce after every node accepted the intent, the winner that cannot open it is not faded', async () => {
    const manifest = stack.devnet.manifest
    const origin = chainOf(manifest, 'origin')
    const trader = manifest.accounts.traders[0]
    if (trader === undefined) throw new Error('no trader')
    await waitUntilUnbanned(honest(), [W.address, R.address])
    const before = { W: await fadesOf(C, W.address), R: await fadesOf(C, R.address) }
    const mine = nonce++
    const signed = await signTestIntent({
      manifest,
      trader: 0,
      nonce: mine,
      now: await chainNow(manifest),
      fee: FEE,
    })
    const response = await postIntent(C, stringifyIntent(signed))
    expect(response.status).toBe(202)
    const orderId = response.body.orderId as Hex
    await eventually('every node holds the intent', () =>
      honest().every((n) => n.timeline(orderId).length > 0) ? true : undefined,
    )
    // Within the bid window: Permit2.invalidateUnorderedNonces(word, bit).
    const wallet = createWalletClient({
      transport: http(origin.rpcUrl),
      account: privateKeyToAccount(trader.privateKey),
    })
    await wallet.writeContract({
      chain: null,
      address: origin.contracts.permit2 as Address,
      abi: parseAbi(['function invalidateUnorderedNonces(uint256 wordPos, uint256 mask)']),
      functionName: 'invalidateUnorderedNonces',
      args: [mine >> 8n, 1n << (mine & 255n)],
    })
    // W's grace, then R's (its 3 bps are due after 2 s), with a little room; not more, so the next
    // test still finds the bans this one causes.
    await sleep(7_500)
    expect(await openCount(manifest, orderId)).toBe(0)
    const report = await penaltiesReport([orderId])
    note(`[hostileTrader/spent nonce]\n${report}`)
    // Whoever bid on it could not have opened it: nobody may be faded for it.
    expect(fadesRecorded(honest(), [orderId], W.address), report).toEqual([])
    expect(fadesRecorded(honest(), [orderId], R.address), report).toEqual([])
    expect({ W: await fadesOf(C, W.address), R: await fadesOf(C, R.address) }, report).toEqual(before)
  }, 90_000)

  test('after those intents, the next honest trader’s intent is opened once and filled by the lowest bidder', async () => {
    // Bans from the tests above are in force (W's second ban lasts 8 s) unless they ran out.
    const fillsBefore = await fillsOf(R)
    const signed = await signTestIntent({
      manifest: stack.devnet.manifest,
      trader: 0,
      nonce: nonce++,
      now: await chainNow(stack.devnet.manifest),
      fee: FEE,
    })
    const response = await postIntent(C, stringifyIntent(signed))
    const orderId = response.body.orderId as Hex
    const filled = await entryOf(C, orderId, 'filled', 30_000)
    await sleep(3_000)
    const report = await penaltiesReport([orderId])
    note(
      `[hostileTrader/aftermath] filled by ${filled.actor} at ${filled.detail.feeBps} bps; R fills_total ${JSON.stringify(fillsBefore)} → ${JSON.stringify(await fillsOf(R))}\n${report}`,
    )
    expect(await openCount(stack.devnet.manifest, orderId)).toBe(1)
    // Lowest bid wins: W at 2 bps.
    expect(filled.actor, report).toBe(W.address)
  }, 60_000)
})
