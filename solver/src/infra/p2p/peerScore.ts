import {
  createPeerScoreParams,
  createPeerScoreThresholds,
  createTopicScoreParams,
  type PeerScoreParams,
  type PeerScoreThresholds,
  type TopicScoreParams,
} from '@chainsafe/libp2p-gossipsub/score'
import { BIDS_TOPIC, INTENTS_TOPIC } from './topics.ts'

export type { PeerScoreParams, PeerScoreThresholds, TopicScoreParams }

/**
 * Per-topic scoring, the same for intents and bids. Positive terms are small (a peer cannot bank enough
 * good behaviour to survive spamming); P4 (invalid deliveries, squared) dominates. The reasoning for
 * each value is in README.md beside this file.
 */
export const gossipTopicScoreParams: TopicScoreParams = createTopicScoreParams({
  topicWeight: 1,
  // P1: a stable mesh peer earns up to +3 after 5 minutes.
  timeInMeshWeight: 0.01,
  timeInMeshQuantum: 1_000,
  timeInMeshCap: 300,
  // P2: first deliveries earn up to +5, forgotten within a minute.
  firstMessageDeliveriesWeight: 0.5,
  firstMessageDeliveriesDecay: 0.9,
  firstMessageDeliveriesCap: 10,
  // P3/P3b off: intent traffic is sparse and bursty, so a quiet mesh peer is not a failing one.
  meshMessageDeliveriesWeight: 0,
  meshFailurePenaltyWeight: 0,
  // P4: -10 × count²: 1 invalid message → -10, 2 → -40, 3 → -90 (graylisted). Half-life ≈ 69 s.
  invalidMessageDeliveriesWeight: -10,
  invalidMessageDeliveriesDecay: 0.99,
})

/** P5 of a peer that keeps exceeding its message budget (peerBudget.ts): below the graylist threshold. */
export const OVER_BUDGET_PENALTY = -100

export type GossipScoreParamsParameters = {
  /** Whether the peer keeps exceeding its message budget on any topic; such a peer is graylisted. */
  overrun?: (peerId: string) => boolean
}

/** Global peer-score parameters for the node's gossipsub (a fresh object: gossipsub keeps a reference). */
export function gossipScoreParams({ overrun }: GossipScoreParamsParameters = {}): PeerScoreParams {
  return createPeerScoreParams({
    topics: { [INTENTS_TOPIC]: gossipTopicScoreParams, [BIDS_TOPIC]: gossipTopicScoreParams },
    topicScoreCap: 10,
    // P5: the one application verdict on a peer, a flood past its budget. Messages over budget are
    // ignored, not rejected (an honest forwarder may relay a burst), so P4 never sees them.
    appSpecificScore: (peerId) => (overrun?.(peerId) === true ? OVER_BUDGET_PENALTY : 0),
    appSpecificWeight: 1,
    // P6: more than 10 peers from one IP costs -5 × surplus²; loopback is exempt (tests, co-located nodes).
    IPColocationFactorWeight: -5,
    IPColocationFactorThreshold: 10,
    IPColocationFactorWhitelist: new Set(['127.0.0.1', '::1']),
    // P7: protocol misbehaviour (GRAFT during backoff, broken IWANT promises) beyond 6 counts.
    behaviourPenaltyWeight: -10,
    behaviourPenaltyThreshold: 6,
    behaviourPenaltyDecay: 0.9,
    decayInterval: 1_000,
    decayToZero: 0.01,
    // A reconnecting peer keeps its (negative) score for an hour.
    retainScore: 3_600_000,
  })
}

/** What a peer's score costs it: no gossip below -10, no publishes below -50, ignored below -80. */
export const gossipScoreThresholds: PeerScoreThresholds = createPeerScoreThresholds({
  gossipThreshold: -10,
  publishThreshold: -50,
  graylistThreshold: -80,
  acceptPXThreshold: 5,
  opportunisticGraftThreshold: 2,
})
