import { stringifyIntent } from '@xmargin/intents'
import { chainOf } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import { createTestClient, type Hex, http } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  chainNow,
  entryOf,
  eventually,
  openCount,
  postIntent,
  waitForMesh,
} from '../solver/networkHelpers.ts'
import {
  type AttackStack,
  fadesOf,
  note,
  sleep,
  startAttackStack,
  story,
  waitUntilUnbanned,
} from './attackNetwork.ts'
import type { ChaosProxy } from './chaosProxy.ts'
import { proxyChain } from './proxiedChain.ts'

// A chain "answered" (node/chainLiveness.ts) when the watcher's scan *ended* — but the scan reads the
// block number at its start, so the answer says nothing about blocks mined while the rest of the scan
// ran (a scan with no new block is a lone eth_blockNumber, so this needs a block mined just before the
// open — on a real chain there always is one). Against an RPC provider that is quick on eth_blockNumber and slow on eth_getLogs (1.6 s, under
// the 2 s stall gap, so no stall is ever seen), an observer C takes a scan that began before the
// winner's open and ended after the fade moment as proof that the winner did not open in time — the
// attack. The test checks that C never fades a winner that opened inside its grace.
// W (solver 1) bids 2 bps and opens 2.5 s into its 3 s grace (its own provider holds the transaction
// that long); C (solver 2) watches.

const GETLOGS_MS = 1_600
const OPEN_AT_MS = 2_500 // into the grace

let stack: AttackStack
let slowLogs: ChaosProxy
let lateSends: ChaosProxy
let W: SolverNode
let C: SolverNode

beforeAll(async () => {
  stack = await startAttackStack([], { baseBanMs: 3_000, maxBanMs: 3_000 })
  const { manifest } = stack.devnet
  const forW = await proxyChain(manifest, 'origin')
  const forC = await proxyChain(manifest, 'origin')
  lateSends = forW.proxy
  slowLogs = forC.proxy
  W = await stack.add({ solver: 1, strategy: fixedFeeStrategy(2), manifest: forW.manifest })
  C = await stack.add({ solver: 2, strategy: fixedFeeStrategy(null), manifest: forC.manifest })
  await waitForMesh([W, C])
  // Warm W up (its first quote loads the Across SDK, which can take seconds on a busy machine).
  const warm = await signTestIntent({ manifest, nonce: 100_999n, now: await chainNow(manifest) })
  const warmId = (await postIntent(C, stringifyIntent(warm))).body.orderId as Hex
  // Only its bid: a late first bid is faded at once (see lateBid.test.ts), and this one may be late.
  await eventually(
    'W warmed up',
    () => (W.timeline(warmId).some((e) => e.kind === 'bid') ? true : undefined),
    60_000,
  )
}, 120_000)

afterAll(async () => {
  await stack?.stop()
  await slowLogs?.close()
  await lateSends?.close()
})

test('an observer whose provider is slow on eth_getLogs does not fade a winner that opened inside its grace', async () => {
  const manifest = stack.devnet.manifest
  const anvil = createTestClient({ mode: 'anvil', transport: http(chainOf(manifest, 'origin').rpcUrl) })
  slowLogs.delay('eth_getLogs', GETLOGS_MS)
  const lines: string[] = []
  let faded = 0
  for (let attempt = 0; attempt < 4 && faded === 0; attempt++) {
    await waitUntilUnbanned([C], [W.address])
    const signed = await signTestIntent({
      manifest,
      nonce: 101_000n + BigInt(attempt),
      now: await chainNow(manifest),
    })
    const postedAt = Date.now()
    // W's slot starts when the 300 ms bid window ends; its openFor is held until 2.5 s into the grace.
    lateSends.holdSendsUntil(postedAt + 300 + OPEN_AT_MS)
    const response = await postIntent(C, stringifyIntent(signed))
    const orderId = response.body.orderId as Hex
    // A block mined just before the open (any transaction does; real chains mine one every few
    // seconds anyway): C's scan of it reads the block number, then waits 1.6 s on eth_getLogs.
    const poke = setTimeout(
      () => {
        void anvil.mine({ blocks: 1 })
      },
      postedAt + 300 + OPEN_AT_MS - 300 - Date.now(),
    )
    await entryOf(C, orderId, 'opened', 20_000).catch((error: Error) => {
      const sends = lateSends
        .journal()
        .filter((j) => j.arrivedAtMs >= postedAt)
        .map((j) => `${j.methods.join('+')}@${j.arrivedAtMs - postedAt}→${j.answeredAtMs - postedAt}`)
      throw new Error(`${error.message}\nW: ${story(W, orderId)}\nW's RPC: ${sends.join(' ')}`)
    })
    clearTimeout(poke)
    await sleep(1_000)
    const received = C.timeline(orderId).find((e) => e.kind === 'received')?.atMs ?? 0
    const fadeMoment = received + 300 + 3_000
    const sent = lateSends.sendsForwardedAtMs().filter((t) => t >= postedAt)
    const fade = C.timeline(orderId).find((e) => e.kind === 'faded')
    if (process.env.ATTACK_DEBUG) {
      const scans = slowLogs
        .journal()
        .filter((j) => j.arrivedAtMs > fadeMoment - 5_000 && j.arrivedAtMs < fadeMoment + 3_000)
        .filter((j) => j.methods.includes('eth_getLogs') || j.methods.includes('eth_blockNumber'))
        .map(
          (j) =>
            `${j.methods.join('+')}${j.body.includes('topics') ? '' : ''}@${j.arrivedAtMs - fadeMoment}→${j.answeredAtMs - fadeMoment}`,
        )
      note(`debug attempt ${attempt + 1}: open at ${(sent[0] ?? 0) - fadeMoment}; ${scans.join(' ')}`)
    }
    faded += fade === undefined ? 0 : 1
    lines.push(
      `attempt ${attempt + 1}: openFor reached the chain ${(sent[0] ?? Number.NaN) - fadeMoment} ms from C's fade moment; C ${fade === undefined ? 'did not fade W' : `faded W at ${fade.atMs - fadeMoment} ms`}; C: ${story(C, orderId)}`,
    )
    expect(await openCount(manifest, orderId)).toBe(1)
    // The open really was inside the grace (the held send is forwarded and mined at once on automine).
    expect((sent[0] ?? Number.POSITIVE_INFINITY) < fadeMoment).toBe(true)
  }
  lateSends.holdSendsUntil(undefined)
  slowLogs.delay('eth_getLogs', 0)
  const report = `${lines.join('\n')}\nfades_total{W} on C: ${await fadesOf(C, W.address)}; C's health: ${JSON.stringify(
    await fetch(`${C.httpUrl()}/healthz`).then((r) => r.json()),
  ).slice(0, 200)}`
  note(`[staleScan]\n${report}`)
  expect(faded, report).toBe(0)
}, 150_000)
