import { createServer } from 'node:net'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../createLogger.ts'
import {
  type CreateGossipNodeParameters,
  createGossipNode,
  type GossipNode,
  type GossipValidator,
} from './createGossipNode.ts'
import type { PrivateKey } from './peerKey.ts'
import { gossipScoreThresholds } from './peerScore.ts'
import { INTENTS_TOPIC } from './topics.ts'

const logger = createLogger({ name: 'p2p-test', level: 'silent' })
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const decode = (data: Uint8Array) => JSON.parse(new TextDecoder().decode(data)) as Record<string, unknown>
const text = (data: Uint8Array) => new TextDecoder().decode(data)

/** Accepts JSON objects with `ok: true`, rejects anything else: the shape of a real intent check. */
const honest: GossipValidator = async (data) => {
  try {
    return decode(data).ok === true ? 'accept' : 'reject'
  } catch {
    return 'reject'
  }
}
const acceptAll: GossipValidator = async () => 'accept'

const started: GossipNode[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((node) => node.stop()))
})

type NodeOptions = Partial<Omit<CreateGossipNodeParameters, 'logger' | 'heartbeatMs'>> & {
  bootstrapFrom?: GossipNode[]
}

/** A started node on loopback with a short heartbeat; its received intents are collected in `intents`. */
async function startNode(options: NodeOptions = {}) {
  const { bootstrapFrom = [], ...rest } = options
  const node = await createGossipNode({
    listen: ['/ip4/127.0.0.1/tcp/0'],
    bootstrap: bootstrapFrom.flatMap((peer) => peer.multiaddrs()),
    validate: { intent: honest, bid: honest },
    logger,
    heartbeatMs: 100,
    ...rest,
  })
  started.push(node)
  await node.start()
  const intents: { body: string; from: string }[] = []
  node.onIntent((data, from) => intents.push({ body: text(data), from }))
  return Object.assign(node, { intents })
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const meshed = (node: GossipNode, ...peers: GossipNode[]) =>
  peers.every((peer) => node.meshPeers(INTENTS_TOPIC).includes(peer.peerId))

describe('createGossipNode', () => {
  it('carries an intent from one node to every other through validation', async () => {
    const validatedAt: string[] = []
    const recording =
      (name: string): GossipValidator =>
      async (data, from) => {
        validatedAt.push(name)
        return honest(data, from)
      }
    const a = await startNode({ validate: { intent: recording('a'), bid: honest } })
    const b = await startNode({ bootstrapFrom: [a], validate: { intent: recording('b'), bid: honest } })
    const c = await startNode({ bootstrapFrom: [a] })
    await waitFor(() => meshed(a, b, c) && meshed(b, a) && meshed(c, a), 'the mesh to form')

    const intent = JSON.stringify({ ok: true, orderId: '0x01' })
    await c.publishIntent(new TextEncoder().encode(intent))

    await waitFor(() => a.intents.length === 1 && b.intents.length === 1, 'delivery at a and b')
    expect(a.intents).toEqual([{ body: intent, from: c.peerId }])
    // b is connected to a only: a validated, accepted and forwarded it.
    expect(b.intents).toEqual([{ body: intent, from: a.peerId }])
    expect(validatedAt.sort()).toEqual(['a', 'b'])
    expect(c.intents).toEqual([])
  })

  it('graylists a peer that keeps sending invalid messages while honest traffic still flows', async () => {
    const a = await startNode()
    const b = await startNode({ bootstrapFrom: [a] })
    const spammer = await startNode({
      bootstrapFrom: [a, b],
      validate: { intent: acceptAll, bid: acceptAll },
    })
    const d = await startNode({ bootstrapFrom: [a] })
    await waitFor(() => meshed(spammer, a, b) && meshed(a, b, d), 'the mesh to form')

    for (let i = 0; i < 6; i++) {
      await spammer.publishIntent(new TextEncoder().encode(`{"not an intent": ${i}`))
    }
    const graylist = gossipScoreThresholds.graylistThreshold
    await waitFor(
      () => a.score(spammer.peerId) < graylist && b.score(spammer.peerId) < graylist,
      'the spammer to fall below the graylist threshold at a and b',
    )
    expect(a.intents).toEqual([])
    expect(b.intents).toEqual([])

    const intent = JSON.stringify({ ok: true, orderId: '0x02' })
    await d.publishIntent(new TextEncoder().encode(intent))
    await waitFor(() => a.intents.length === 1 && b.intents.length === 1, 'honest delivery at a and b')
    expect(a.intents[0]?.body).toBe(intent)
    expect(b.intents[0]?.body).toBe(intent)
    expect(a.score(d.peerId)).toBeGreaterThanOrEqual(0)
  })

  it('drops what the validator ignores without delivering it or costing the sender score', async () => {
    const seen = new Set<unknown>()
    let validated = 0
    // Same order id in a different encoding is a duplicate: ignored, not the sender's fault.
    const dedupe: GossipValidator = async (data) => {
      validated++
      const { orderId } = decode(data)
      if (seen.has(orderId)) return 'ignore'
      seen.add(orderId)
      return 'accept'
    }
    const a = await startNode({ validate: { intent: dedupe, bid: honest } })
    const b = await startNode({ bootstrapFrom: [a] })
    await waitFor(() => meshed(a, b) && meshed(b, a), 'the mesh to form')

    await b.publishIntent(encode({ ok: true, orderId: '0x01', v: 1 }))
    await b.publishIntent(encode({ ok: true, orderId: '0x01', v: 2 }))
    await b.publishIntent(encode({ ok: true, orderId: '0x02' }))
    await waitFor(() => validated === 3 && a.intents.length === 2, 'three validations and two deliveries')

    expect(a.intents.map((m) => decode(new TextEncoder().encode(m.body)).orderId).sort()).toEqual([
      '0x01',
      '0x02',
    ])
    expect(a.score(b.peerId)).toBeGreaterThanOrEqual(0)
  })

  it('ignores a flood past the per-peer budget unvalidated, graylists and disconnects the flooder, and still takes honest intents', async () => {
    let validated = 0
    const counting: GossipValidator = async (data, from) => {
      validated++
      return honest(data, from)
    }
    let overBudget = 0
    // No refill: exactly one burst of the flooder's messages can reach the validator, however fast it sends.
    const a = await startNode({
      validate: { intent: counting, bid: honest },
      budget: { intent: { burst: 5, perSecond: 0 } },
      onOverBudget: (kind) => {
        if (kind === 'intent') overBudget++
      },
    })
    const flooder = await startNode({ bootstrapFrom: [a], validate: { intent: acceptAll, bid: acceptAll } })
    const d = await startNode({ bootstrapFrom: [a] })
    await waitFor(() => meshed(a, flooder, d) && meshed(flooder, a) && meshed(d, a), 'the mesh to form')

    // Valid messages all: only the volume is wrong, so only the budget can stop them.
    for (let i = 0; i < 50; i++) await flooder.publishIntent(encode({ ok: true, orderId: `0x${i}` }))
    const graylist = gossipScoreThresholds.graylistThreshold
    await waitFor(
      () => a.score(flooder.peerId) < graylist,
      'the flooder to fall below the graylist threshold',
    )
    await waitFor(() => a.intents.length === 5, 'the flooder’s in-budget messages')
    await waitFor(() => !a.peers().includes(flooder.peerId), 'the flooder to be disconnected')

    const intent = JSON.stringify({ ok: true, orderId: '0xd' })
    await d.publishIntent(new TextEncoder().encode(intent))
    await waitFor(() => a.intents.some((m) => m.body === intent), 'the honest peer’s intent')
    expect(validated).toBe(6)
    // More than a whole burst over budget is what graylists it; later ones may not even reach the budget.
    expect(overBudget).toBeGreaterThan(5)
    expect(overBudget).toBeLessThanOrEqual(45)
    expect(a.score(d.peerId)).toBeGreaterThanOrEqual(0)
  })

  it('rejects an oversized message before validation, and refuses to publish one', async () => {
    let validated = 0
    const counting: GossipValidator = async (data, from) => {
      validated++
      return honest(data, from)
    }
    const a = await startNode({ validate: { intent: counting, bid: counting } })
    const big = await startNode({
      bootstrapFrom: [a],
      validate: { intent: acceptAll, bid: acceptAll },
      maxMessageBytes: { intent: 64 * 1024 },
    })
    await waitFor(() => meshed(a, big) && meshed(big, a), 'the mesh to form')

    const oversized = encode({ ok: true, pad: 'x'.repeat(9 * 1024) })
    await big.publishIntent(oversized)
    await waitFor(() => a.score(big.peerId) < 0, 'the sender’s score to fall')
    expect(validated).toBe(0)
    expect(a.intents).toEqual([])

    await expect(a.publishIntent(oversized)).rejects.toMatchObject({ code: 'TOO_LARGE' })
    await expect(a.publishBid(encode({ ok: true, pad: 'x'.repeat(1024) }))).rejects.toMatchObject({
      code: 'TOO_LARGE',
    })
  })

  it('publishes without error when alone', async () => {
    const lone = await startNode()
    await expect(lone.publishIntent(encode({ ok: true }))).resolves.toBeUndefined()
    await expect(lone.publishBid(encode({ ok: true }))).resolves.toBeUndefined()
  })

  it('keeps dialing a bootstrap peer that is not up yet, and joins it once it is', async () => {
    const key: PrivateKey = (await generateKeyPair('Ed25519')) as unknown as PrivateKey
    const port = await freePort()
    const laterId = peerIdFromPrivateKey(key).toString()
    const early = await startNode({ bootstrap: [`/ip4/127.0.0.1/tcp/${port}/p2p/${laterId}`] })
    // The first dial has failed by the time the peer comes up; only a retry can connect them.
    await new Promise((resolve) => setTimeout(resolve, 200))
    const later = await startNode({ privateKey: key, listen: [`/ip4/127.0.0.1/tcp/${port}`] })
    await waitFor(() => early.peers().includes(later.peerId), 'the retry to connect')
    await waitFor(() => meshed(early, later) && meshed(later, early), 'the mesh to form')
    await later.publishIntent(encode({ ok: true, orderId: '0x03' }))
    await waitFor(() => early.intents.length === 1, 'delivery')
  })
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}
