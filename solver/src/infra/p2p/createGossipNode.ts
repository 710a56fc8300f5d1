import { createHash } from 'node:crypto'
import { type GossipSub, gossipsub } from '@chainsafe/libp2p-gossipsub'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { TopicValidatorResult } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { MAX_BID_JSON_BYTES, MAX_INTENT_JSON_BYTES } from '@xmargin/intents'
import { createLibp2p } from 'libp2p'
import { SolverError } from '../../errors.ts'
import type { Logger } from '../createLogger.ts'
import { createBootstrapDialer } from './bootstrapDialer.ts'
import type { PrivateKey } from './peerKey.ts'
import { gossipScoreParams, gossipScoreThresholds } from './peerScore.ts'
import { BIDS_TOPIC, INTENTS_TOPIC } from './topics.ts'

/** What a validator decides: `reject` costs the sending peer score; `ignore` drops without penalty. */
export type GossipVerdict = 'accept' | 'reject' | 'ignore'

/** Decides one received payload; `from` is the peer that delivered it (the one whose score it affects). */
export type GossipValidator = (data: Uint8Array, from: string) => Promise<GossipVerdict>

export type GossipHandler = (data: Uint8Array, from: string) => void

export type CreateGossipNodeParameters = {
  /** Multiaddrs to listen on, e.g. `/ip4/0.0.0.0/tcp/9000` (`/tcp/0` picks a free port). */
  listen: readonly string[]
  /** Multiaddrs with `/p2p/<id>`, kept connected for the node's lifetime (see bootstrapDialer.ts). */
  bootstrap: readonly string[]
  /** The persisted identity (loadOrCreatePeerKey); a fresh one per start if absent. */
  privateKey?: PrivateKey
  validate: { intent: GossipValidator; bid: GossipValidator }
  logger: Logger
  /** Payloads above these are rejected before validation and refused at publish. */
  maxMessageBytes?: { intent?: number; bid?: number }
  /** Gossipsub heartbeat; 1 s in production, shorter in tests to form meshes faster. */
  heartbeatMs?: number
}

export type GossipNode = {
  peerId: string
  /** Listening addresses with `/p2p/<id>`, usable as another node's bootstrap entries (after start). */
  multiaddrs(): string[]
  start(): Promise<void>
  stop(): Promise<void>
  /** Publishes to peers; fine with no peer (a lone node). Throws TOO_LARGE above the size limit. */
  publishIntent(data: Uint8Array): Promise<void>
  publishBid(data: Uint8Array): Promise<void>
  /** Accepted intents from peers (never the node's own publications). Returns an unsubscribe. */
  onIntent(handler: GossipHandler): () => void
  onBid(handler: GossipHandler): () => void
  /** Connected peer ids. */
  peers(): string[]
  /** Peers in this node's gossipsub mesh for a topic. */
  meshPeers(topic: string): string[]
  /** Gossipsub score of a peer as this node sees it (0 for an unknown peer). */
  score(peerId: string): number
}

type Kind = 'intent' | 'bid'

const TOPIC_OF: Record<Kind, string> = { intent: INTENTS_TOPIC, bid: BIDS_TOPIC }

const ACCEPTANCE: Record<GossipVerdict, TopicValidatorResult> = {
  accept: TopicValidatorResult.Accept,
  reject: TopicValidatorResult.Reject,
  ignore: TopicValidatorResult.Ignore,
}

/** The libp2p node that gossips intents and bids: TCP + Noise + Yamux, gossipsub with peer scoring. */
export async function createGossipNode(params: CreateGossipNodeParameters): Promise<GossipNode> {
  const { logger, validate } = params
  const limits: Record<Kind, number> = {
    intent: params.maxMessageBytes?.intent ?? MAX_INTENT_JSON_BYTES,
    bid: params.maxMessageBytes?.bid ?? MAX_BID_JSON_BYTES,
  }
  const libp2p = await createLibp2p({
    start: false,
    ...(params.privateKey === undefined ? {} : { privateKey: params.privateKey }),
    addresses: { listen: [...params.listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      pubsub: gossipsub({
        // Messages carry their author and its signature (the default, stated for the record).
        globalSignaturePolicy: 'StrictSign',
        // Content-addressed ids: the same payload published by two nodes (an intent posted to both)
        // is one message network-wide and deduplicated before validation.
        msgIdFn: (msg) => createHash('sha256').update(msg.topic).update('\0').update(msg.data).digest(),
        ignoreDuplicatePublishError: true,
        // Validators read chains over RPC: messages are held until reportMessageValidationResult.
        asyncValidation: true,
        allowPublishToZeroTopicPeers: true,
        allowedTopics: [INTENTS_TOPIC, BIDS_TOPIC],
        emitSelf: false,
        doPX: true,
        heartbeatInterval: params.heartbeatMs ?? 1_000,
        scoreParams: gossipScoreParams(),
        scoreThresholds: gossipScoreThresholds,
      }),
    },
  })
  const pubsub = libp2p.services.pubsub as GossipSub
  const dialer = createBootstrapDialer({ libp2p, bootstrap: params.bootstrap, logger })
  const handlers: Record<Kind, Set<GossipHandler>> = { intent: new Set(), bid: new Set() }
  const inflight = new Set<Promise<void>>()
  let running = false

  const decide = async (kind: Kind, data: Uint8Array, from: string): Promise<GossipVerdict> => {
    if (data.length > limits[kind]) return 'reject'
    try {
      return await validate[kind](data, from)
    } catch (error) {
      // A validator that fails (RPC down) says nothing about the sender: drop without penalty.
      logger.warn({ kind, peer: from, err: (error as Error).message }, 'gossip validator failed')
      return 'ignore'
    }
  }

  const receive = async (kind: Kind, msgId: string, data: Uint8Array, from: string): Promise<void> => {
    const verdict = await decide(kind, data, from)
    if (!running) return
    pubsub.reportMessageValidationResult(msgId, from, ACCEPTANCE[verdict])
    if (verdict === 'reject')
      logger.debug({ kind, peer: from, bytes: data.length }, 'gossip message rejected')
    if (verdict !== 'accept') return
    for (const handler of handlers[kind]) {
      try {
        handler(data, from)
      } catch (error) {
        logger.error({ kind, err: (error as Error).message }, 'gossip handler threw')
      }
    }
  }

  pubsub.addEventListener('gossipsub:message', (event) => {
    const { propagationSource, msgId, msg } = event.detail
    const kind: Kind | undefined =
      msg.topic === INTENTS_TOPIC ? 'intent' : msg.topic === BIDS_TOPIC ? 'bid' : undefined
    if (kind === undefined) return
    const work = receive(kind, msgId, msg.data, propagationSource.toString())
    inflight.add(work)
    work.finally(() => inflight.delete(work)).catch(() => {})
  })

  const publish = async (kind: Kind, data: Uint8Array): Promise<void> => {
    if (data.length > limits[kind]) {
      throw new SolverError(
        'TOO_LARGE',
        `${kind} is ${data.length} bytes, over the ${limits[kind]}-byte limit`,
        {
          details: { bytes: data.length, limit: limits[kind] },
        },
      )
    }
    await pubsub.publish(TOPIC_OF[kind], data)
  }

  const subscribe = (kind: Kind, handler: GossipHandler): (() => void) => {
    handlers[kind].add(handler)
    return () => {
      handlers[kind].delete(handler)
    }
  }

  return {
    peerId: libp2p.peerId.toString(),
    multiaddrs: () => libp2p.getMultiaddrs().map(String),
    async start() {
      if (running) return
      await libp2p.start()
      running = true
      pubsub.subscribe(INTENTS_TOPIC)
      pubsub.subscribe(BIDS_TOPIC)
      dialer.start()
      logger.info(
        { peerId: libp2p.peerId.toString(), addrs: libp2p.getMultiaddrs().map(String) },
        'p2p started',
      )
    },
    async stop() {
      if (!running) return
      running = false
      dialer.stop()
      await libp2p.stop()
      await Promise.allSettled(inflight)
      logger.info('p2p stopped')
    },
    publishIntent: (data) => publish('intent', data),
    publishBid: (data) => publish('bid', data),
    onIntent: (handler) => subscribe('intent', handler),
    onBid: (handler) => subscribe('bid', handler),
    peers: () => libp2p.getPeers().map(String),
    meshPeers: (topic) => pubsub.getMeshPeers(topic),
    score: (peerId) => pubsub.getScore(peerId),
  }
}
