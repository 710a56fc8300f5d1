import { createHash } from 'node:crypto'
import { type GossipSub, gossipsub } from '@chainsafe/libp2p-gossipsub'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { type PeerId, TopicValidatorResult } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { MAX_BID_JSON_BYTES, MAX_INTENT_JSON_BYTES } from '@xmargin/intents'
import { createLibp2p } from 'libp2p'
import { SolverError } from '../../errors.ts'
import type { Logger } from '../createLogger.ts'
import { createBootstrapDialer } from './bootstrapDialer.ts'
import { createGraylistGate } from './graylistGate.ts'
import { createPeerBudget, type PeerBudgetOptions } from './peerBudget.ts'
import type { PrivateKey } from './peerKey.ts'
import { gossipScoreParams, gossipScoreThresholds } from './peerScore.ts'
import { BIDS_TOPIC, INTENTS_TOPIC } from './topics.ts'

/** What a validator decides: `reject` costs the sending peer score; `ignore` drops without penalty. */
export type GossipVerdict = 'accept' | 'reject' | 'ignore'

/** Decides one received payload; `from` is the peer that delivered it (the one whose score it affects). */
export type GossipValidator = (data: Uint8Array, from: string) => Promise<GossipVerdict>

export type GossipHandler = (data: Uint8Array, from: string) => void

export type GossipKind = 'intent' | 'bid'

/**
 * Per peer and topic, what a peer may deliver before its messages are ignored unvalidated. Far above
 * what honest forwarding needs (a burst of 200 intents at once passes; bids come one per solver and
 * intent), far below what a flood sends.
 */
export const DEFAULT_PEER_BUDGET: Record<GossipKind, PeerBudgetOptions> = {
  intent: { burst: 256, perSecond: 32 },
  bid: { burst: 1_024, perSecond: 128 },
}

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
  /** Per-peer message budgets (DEFAULT_PEER_BUDGET); a message over budget is ignored unvalidated. */
  budget?: Partial<Record<GossipKind, PeerBudgetOptions>>
  /** Called for each message ignored for being over its sender's budget (for a counter). */
  onOverBudget?: (kind: GossipKind) => void
  /** What this node announces to peers through identify (libp2p's own when absent). */
  userAgent?: string
  /** Called with each peer's announced user agent once identify ran on a connection. */
  onPeerIdentified?: (peer: string, userAgent: string | undefined) => void
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

type Kind = GossipKind

const TOPIC_OF: Record<Kind, string> = { intent: INTENTS_TOPIC, bid: BIDS_TOPIC }

const ACCEPTANCE: Record<GossipVerdict, TopicValidatorResult> = {
  accept: TopicValidatorResult.Accept,
  reject: TopicValidatorResult.Reject,
  ignore: TopicValidatorResult.Ignore,
}

// Peers idle long enough to be back to a full budget are forgotten this often.
const BUDGET_PRUNE_MS = 60_000

/** The libp2p node that gossips intents and bids: TCP + Noise + Yamux, gossipsub with peer scoring. */
export async function createGossipNode(params: CreateGossipNodeParameters): Promise<GossipNode> {
  const { logger, validate } = params
  const limits: Record<Kind, number> = {
    intent: params.maxMessageBytes?.intent ?? MAX_INTENT_JSON_BYTES,
    bid: params.maxMessageBytes?.bid ?? MAX_BID_JSON_BYTES,
  }
  const budgets = {
    intent: createPeerBudget(params.budget?.intent ?? DEFAULT_PEER_BUDGET.intent),
    bid: createPeerBudget(params.budget?.bid ?? DEFAULT_PEER_BUDGET.bid),
  }
  const overrun = (peer: string) => budgets.intent.overrun(peer) || budgets.bid.overrun(peer)
  const gate = createGraylistGate({ threshold: gossipScoreThresholds.graylistThreshold, logger })
  const libp2p = await createLibp2p({
    start: false,
    ...(params.privateKey === undefined ? {} : { privateKey: params.privateKey }),
    addresses: { listen: [...params.listen] },
    ...(params.userAgent === undefined ? {} : { nodeInfo: { userAgent: params.userAgent } }),
    connectionGater: gate.connectionGater,
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      pubsub: gossipsub({
        // Unsigned envelopes: every payload carries its own signature (the trader's, the solver's),
        // so a libp2p author signature would only cost an Ed25519 verification per message received,
        // before any budget could apply. The peer that delivered a message is known from the
        // connection (Noise), which is what scores and budgets count.
        globalSignaturePolicy: 'StrictNoSign',
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
        scoreParams: gossipScoreParams({ overrun }),
        scoreThresholds: gossipScoreThresholds,
      }),
    },
  })
  const pubsub = libp2p.services.pubsub as GossipSub
  gate.bind({ libp2p, pubsub })
  const onPeerIdentified = params.onPeerIdentified
  if (onPeerIdentified !== undefined) {
    libp2p.addEventListener('peer:identify', (event) => {
      onPeerIdentified(event.detail.peerId.toString(), event.detail.agentVersion)
    })
  }
  const dialer = createBootstrapDialer({ libp2p, bootstrap: params.bootstrap, logger })
  const handlers: Record<Kind, Set<GossipHandler>> = { intent: new Set(), bid: new Set() }
  const inflight = new Set<Promise<void>>()
  let running = false
  let pruning: ReturnType<typeof setInterval> | undefined

  // Runs inside gossipsub before the message is cached, delivered or validated: a message over its
  // sender's budget costs a hash and a lookup, nothing more. Ignored (no P4): an honest forwarder may
  // relay a burst; one that keeps flooding is graylisted through P5 (`overrun`).
  for (const kind of ['intent', 'bid'] as const) {
    pubsub.topicValidators.set(TOPIC_OF[kind], (peer) => {
      if (budgets[kind].take(peer.toString())) return TopicValidatorResult.Accept
      params.onOverBudget?.(kind)
      if (budgets[kind].overrun(peer.toString())) gate.check(peer)
      return TopicValidatorResult.Ignore
    })
  }
  pubsub.addEventListener('gossipsub:heartbeat', () => gate.sweep())

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

  const receive = async (kind: Kind, msgId: string, data: Uint8Array, source: PeerId): Promise<void> => {
    const from = source.toString()
    const verdict = await decide(kind, data, from)
    if (!running) return
    pubsub.reportMessageValidationResult(msgId, from, ACCEPTANCE[verdict])
    if (verdict === 'reject') {
      logger.debug({ kind, peer: from, bytes: data.length }, 'gossip message rejected')
      gate.check(source)
    }
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
    const work = receive(kind, msgId, msg.data, propagationSource)
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
      pruning = setInterval(() => {
        budgets.intent.prune()
        budgets.bid.prune()
      }, BUDGET_PRUNE_MS)
      pruning.unref()
      logger.info(
        { peerId: libp2p.peerId.toString(), addrs: libp2p.getMultiaddrs().map(String) },
        'p2p started',
      )
    },
    async stop() {
      if (!running) return
      running = false
      dialer.stop()
      clearInterval(pruning)
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
