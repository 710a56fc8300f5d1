import { Writable } from 'node:stream'
import { signSolverBid, stringifyIntent, stringifySolverBid } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { createGossipNode, createLogger, type GossipNode, type SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent, startTestStack, type TestStack } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  chainNow,
  entryOf,
  eventually,
  fillCount,
  openCount,
  postIntent,
  waitForMesh,
} from './networkHelpers.ts'
import { type RpcProxy, startRpcProxy } from './rpcProxy.ts'

/** The schedule reaches the winner's 3 bps after 1 s and the runner-up's 8 bps after 6 s. */
const FAST_FEE = { startBps: 2, maxBps: 10, rampSeconds: 8 }

let stack: TestStack
let proxy: RpcProxy
let behindProxy: DevnetManifest
let winner: SolverNode
let runnerUp: SolverNode
let nonce = 7_000n

beforeAll(async () => {
  stack = await startTestStack([])
  const { manifest } = stack.devnet
  // Both nodes reach the destination through one RPC that the test can stall, as a provider does.
  const destination = chainOf(manifest, 'destination')
  proxy = await startRpcProxy(destination.rpcUrl)
  behindProxy = {
    ...manifest,
    chains: manifest.chains.map((c) => (c.chainId === destination.chainId ? { ...c, rpcUrl: proxy.url } : c)),
  }
  const roles = { relayer: false, keeper: false }
  winner = await stack.network.add({ solver: 0, strategy: fixedFeeStrategy(3), manifest: behindProxy, roles })
  runnerUp = await stack.network.add({
    solver: 1,
    strategy: fixedFeeStrategy(8),
    manifest: behindProxy,
    roles,
  })
  await waitForMesh([winner, runnerUp])
}, 90_000)

afterAll(async () => {
  await stack?.stop()
  await proxy?.close()
})

async function submit(node: SolverNode): Promise<Hex> {
  const signed = await signTestIntent({
    manifest: stack.devnet.manifest,
    nonce: nonce++,
    now: await chainNow(stack.devnet.manifest),
    fee: FAST_FEE,
  })
  const response = await postIntent(node, stringifyIntent(signed))
  expect(response.status).toBe(202)
  return response.body.orderId as Hex
}

const kinds = (node: SolverNode, orderId: Hex) => node.timeline(orderId).map((entry) => entry.kind)
const metricsOf = (node: SolverNode) => fetch(`${node.httpUrl()}/metrics`).then((r) => r.text())

describe('faults that must not stop fills', () => {
  test('a destination RPC stall longer than the grace bans nobody: the winner fills once it answers', async () => {
    const orderId = await submit(runnerUp)
    await entryOf(winner, orderId, 'bid')
    // The stall begins before the winner's slot and outlasts its grace (3 s) by far.
    proxy.freeze(true)
    await new Promise((done) => setTimeout(done, 8_000))
    proxy.freeze(false)

    const filled = await entryOf(runnerUp, orderId, 'filled')
    expect(filled.actor).toBe(winner.address)
    expect(filled.detail.feeBps).toBe(3)
    for (const node of [winner, runnerUp]) {
      expect(kinds(node, orderId)).not.toContain('faded')
      expect(await metricsOf(node)).not.toMatch(/^xmargin_fades_total\{[^}]*\} [1-9]/m)
    }
    expect(await openCount(stack.devnet.manifest, orderId)).toBe(1)
    // And the next intent fills as if nothing had happened.
    const next = await submit(winner)
    expect((await entryOf(runnerUp, next, 'filled')).actor).toBe(winner.address)
  })

  test('bids from unbonded keys are rejected: ten 0-bps bidders hold up nothing', async () => {
    // A peer that forwards anything: its own validators accept every message.
    const attacker: GossipNode = await createGossipNode({
      listen: ['/ip4/127.0.0.1/tcp/0'],
      bootstrap: winner.multiaddrs(),
      validate: { intent: async () => 'accept', bid: async () => 'accept' },
      logger: createLogger({ name: 'attacker', level: 'silent' }),
    })
    await attacker.start()
    try {
      await eventually('the attacker in the mesh', () =>
        winner.peers().includes(attacker.peerId) ? true : undefined,
      )
      await new Promise((done) => setTimeout(done, 1_500))
      const orderId = await submit(winner)
      await entryOf(runnerUp, orderId, 'received')
      const expiry = (await chainNow(stack.devnet.manifest)) + 600
      for (let i = 0; i < 10; i++) {
        const account = privateKeyToAccount(generatePrivateKey())
        const bid = await signSolverBid({
          bid: { orderId, solver: account.address, feeBps: 0, expiry },
          account,
        })
        await attacker.publishBid(new TextEncoder().encode(stringifySolverBid(bid)))
      }

      const filled = await entryOf(runnerUp, orderId, 'filled')
      expect(filled.actor).toBe(winner.address)
      const bidders = runnerUp
        .timeline(orderId)
        .filter((e) => e.kind === 'bid')
        .map((e) => e.actor)
      expect(new Set(bidders)).toEqual(new Set([winner.address, runnerUp.address]))
      expect(kinds(runnerUp, orderId)).not.toContain('faded')
      expect(await metricsOf(winner)).toMatch(/^xmargin_bids_rejected_total\{reason="unbonded"\} [1-9]/m)
      // gossipsub refreshes scores on its heartbeat.
      await eventually("the attacker's score below zero", () =>
        winner.peerScore(attacker.peerId) < 0 ? true : undefined,
      )
    } finally {
      await attacker.stop()
    }
  })

  test('a node restarted during an auction re-enters it with its binding bid and fills', async () => {
    // The winner's 3 bps are reached only after 4 s: time to restart it before its turn.
    const slow = { startBps: 2, maxBps: 10, rampSeconds: 32 }
    const signed = await signTestIntent({
      manifest: stack.devnet.manifest,
      nonce: nonce++,
      now: await chainNow(stack.devnet.manifest),
      fee: slow,
    })
    const response = await postIntent(runnerUp, stringifyIntent(signed))
    const orderId = response.body.orderId as Hex
    await entryOf(runnerUp, orderId, 'bid')
    await eventually('the winner bid', () =>
      runnerUp.timeline(orderId).some((e) => e.kind === 'bid' && e.actor === winner.address)
        ? true
        : undefined,
    )
    const dataDir = stack.network.dataDirOf(winner)
    await winner.stop()
    winner = await stack.network.add({
      solver: 0,
      strategy: fixedFeeStrategy(3),
      manifest: behindProxy,
      roles: { relayer: false, keeper: false },
      dataDir,
    })

    const filled = await entryOf(runnerUp, orderId, 'filled')
    expect(filled.actor).toBe(winner.address)
    expect(filled.detail.feeBps).toBe(3)
    expect(kinds(runnerUp, orderId)).not.toContain('faded')
    expect(await fillCount(stack.devnet.manifest, orderId)).toBe(1)
  })
})

test('a second node started with the same solver key is warned about at start, before any intent', async () => {
  const warnings: string[] = []
  const twin = await stack.network.add({
    solver: 0,
    strategy: fixedFeeStrategy(null),
    roles: { relayer: false, keeper: false },
    logger: createLogger({ name: 'twin', level: 'warn', destination: lines(warnings) }),
  })
  try {
    // Identify runs on the first connection, to the bootstrap peers: no bid needs to be seen.
    const warning = await eventually('the shared-key warning', () =>
      warnings.find((line) => line.includes("another node runs with this node's solver key")),
    )
    expect(JSON.parse(warning)).toMatchObject({ level: 40, name: 'twin', solver: winner.address })
  } finally {
    await twin.stop()
  }
})

function lines(into: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      into.push(chunk.toString())
      done()
    },
  })
}
