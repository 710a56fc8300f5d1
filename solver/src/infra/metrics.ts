import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

export type IntentSource = 'http' | 'gossip'
const INTENT_SOURCES: readonly IntentSource[] = ['http', 'gossip']
export type IntentVerdict = 'accepted' | 'rejected' | 'ignored' | 'duplicate'
export type FillResult = 'filled' | 'abandoned' | 'failed'
export type BidRejection = 'unbonded' | 'above-max' | 'invalid'
const INTENT_VERDICTS: readonly IntentVerdict[] = ['accepted', 'rejected', 'ignored', 'duplicate']
const FILL_RESULTS: readonly FillResult[] = ['filled', 'abandoned', 'failed']
const KEEPER_ACTIONS = ['liquidated', 'debt-settled', 'expired', 'lost-race', 'failed'] as const
const BID_REJECTIONS: readonly BidRejection[] = ['unbonded', 'above-max', 'invalid']
export type GossipTopicKind = 'intent' | 'bid'
const GOSSIP_TOPIC_KINDS: readonly GossipTopicKind[] = ['intent', 'bid']

export type CreateNodeMetricsParameters = {
  /** Labels put on every series, e.g. `{ node: 'solver-1' }` when several nodes share a scrape target. */
  defaultLabels?: Record<string, string>
  /** Solvers whose per-solver series exist from the first scrape (the network's bonded solvers). */
  solvers?: readonly string[]
}

/**
 * The node's Prometheus metrics, all named `xmargin_…`. Components call the typed helpers (so label
 * values stay within their closed sets); `/metrics` serves `registry`.
 *
 * - `xmargin_intents_received_total{source, verdict}`: each intent seen, by where it came from and what
 *   this node decided. The HTTP API counts `source="http"`; the gossip handler counts `"gossip"`.
 * - `xmargin_intents_non_canonical_total{source}`: intents refused, before any signature recovery, for
 *   not being the exact canonical bytes (NON_CANONICAL)
 * - `xmargin_intents_duplicate_total{source}`: copies of an intent this node already holds
 * - `xmargin_bids_received_total`, `xmargin_bids_sent_total`, `xmargin_auctions_won_total`
 * - `xmargin_fills_total{result}`: this node's fill attempts, by outcome
 * - `xmargin_fades_total{solver}`: winners that did not open within the grace period, by solver
 * - `xmargin_solver_banned_until_seconds{solver}`: when this node's ban of a solver ends (unix s;
 *   banned while it is later than `time()`)
 * - `xmargin_bids_rejected_total{reason}`: gossiped bids rejected (unbonded solver, fee above the
 *   maximum, invalid encoding or signature)
 * - `xmargin_submit_to_open_seconds`: intent received → position open on the destination
 * - `xmargin_gossip_peers`: peers currently connected on the gossip topics
 * - `xmargin_gossip_peer_score{peer}`: the score this node gives each connected peer
 * - `xmargin_gossip_over_budget_total{topic}`: gossip messages ignored unvalidated because their
 *   sender was over its per-peer budget (`intent`, `bid`)
 * - `xmargin_relay_messages_total`: cross-chain messages this node delivered
 * - `xmargin_keeper_actions_total{action}`: keeper transactions (expire, liquidate, settle-debt, …)
 * plus Node's default process metrics (`xmargin_process_cpu_seconds_total`, …).
 */
export type NodeMetrics = {
  /** This node's own registry (not prom-client's global one, so several nodes fit in one process). */
  registry: Registry
  intentReceived(source: IntentSource, verdict: IntentVerdict): void
  intentNonCanonical(source: IntentSource): void
  intentDuplicate(source: IntentSource): void
  bidReceived(): void
  bidSent(): void
  auctionWon(): void
  fill(result: FillResult): void
  /** `solver` faded; this node bans it until `bannedUntilMs` (unset: not recorded against it). */
  fade(solver: string, bannedUntilMs?: number): void
  bidRejected(reason: BidRejection): void
  /** Seconds from the intent's arrival at this node to the position opening on the destination. */
  submitToOpen(seconds: number): void
  gossipPeers(count: number): void
  /** Connected peers' current gossipsub scores. */
  peerScores(scores: Iterable<readonly [string, number]>): void
  /** A gossip message ignored, unvalidated, for being over its sender's budget. */
  gossipOverBudget(topic: GossipTopicKind): void
  relayMessage(): void
  keeperAction(action: string): void
}

// Fills take a few blocks on a fast chain and up to minutes on a slow route.
const SUBMIT_TO_OPEN_BUCKETS = [0.5, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 300]

export function createNodeMetrics({
  defaultLabels,
  solvers = [],
}: CreateNodeMetricsParameters = {}): NodeMetrics {
  const registry = new Registry()
  if (defaultLabels !== undefined) registry.setDefaultLabels(defaultLabels)
  collectDefaultMetrics({ register: registry, prefix: 'xmargin_' })
  const registers = [registry]

  const intents = new Counter({
    name: 'xmargin_intents_received_total',
    help: 'Intents seen by this node, by source and verdict',
    labelNames: ['source', 'verdict'] as const,
    registers,
  })
  const nonCanonical = new Counter({
    name: 'xmargin_intents_non_canonical_total',
    help: 'Intents refused for not being the canonical encoding, by source',
    labelNames: ['source'] as const,
    registers,
  })
  const duplicates = new Counter({
    name: 'xmargin_intents_duplicate_total',
    help: 'Copies of an intent this node already holds, by source',
    labelNames: ['source'] as const,
    registers,
  })
  // Present from the first scrape, so a rate() or an alert sees 0 rather than no series.
  for (const source of INTENT_SOURCES) {
    nonCanonical.inc({ source }, 0)
    duplicates.inc({ source }, 0)
  }
  const bidsReceived = counter('xmargin_bids_received_total', 'Solver bids received over gossip')
  const bidsSent = counter('xmargin_bids_sent_total', 'Bids this node signed and gossiped')
  const auctionsWon = counter('xmargin_auctions_won_total', 'Auctions in which this node became the filler')
  const fills = new Counter({
    name: 'xmargin_fills_total',
    help: "This node's fill attempts, by outcome",
    labelNames: ['result'] as const,
    registers,
  })
  const fades = new Counter({
    name: 'xmargin_fades_total',
    help: 'Auction winners that did not open within the grace period, by solver',
    labelNames: ['solver'] as const,
    registers,
  })
  const bannedUntil = new Gauge({
    name: 'xmargin_solver_banned_until_seconds',
    help: "When this node's ban of a solver for fading ends, unix seconds",
    labelNames: ['solver'] as const,
    registers,
  })
  const bidsRejected = new Counter({
    name: 'xmargin_bids_rejected_total',
    help: 'Gossiped bids rejected, by reason',
    labelNames: ['reason'] as const,
    registers,
  })
  for (const solver of solvers) {
    fades.inc({ solver: solver.toLowerCase() }, 0)
    bannedUntil.set({ solver: solver.toLowerCase() }, 0)
  }
  for (const reason of BID_REJECTIONS) bidsRejected.inc({ reason }, 0)
  // Every labelled counter shows 0 from the first scrape: `rate()` and alerts need the series to exist.
  for (const source of INTENT_SOURCES)
    for (const verdict of INTENT_VERDICTS) intents.inc({ source, verdict }, 0)
  for (const result of FILL_RESULTS) fills.inc({ result }, 0)
  const submitToOpen = new Histogram({
    name: 'xmargin_submit_to_open_seconds',
    help: 'Time from an intent reaching this node to its position opening on the destination',
    buckets: SUBMIT_TO_OPEN_BUCKETS,
    registers,
  })
  const peers = new Gauge({ name: 'xmargin_gossip_peers', help: 'Connected gossip peers', registers })
  const relayed = counter('xmargin_relay_messages_total', 'Cross-chain messages delivered by this node')
  const keeper = new Counter({
    name: 'xmargin_keeper_actions_total',
    help: 'Keeper transactions sent by this node, by action',
    labelNames: ['action'] as const,
    registers,
  })
  for (const action of KEEPER_ACTIONS) keeper.inc({ action }, 0)
  const peerScore = new Gauge({
    name: 'xmargin_gossip_peer_score',
    help: 'The gossipsub score this node gives each connected peer (below -80: graylisted)',
    labelNames: ['peer'] as const,
    registers,
  })

  const overBudget = new Counter({
    name: 'xmargin_gossip_over_budget_total',
    help: "Gossip messages ignored unvalidated for being over their sender's budget, by topic",
    labelNames: ['topic'] as const,
    registers,
  })
  for (const topic of GOSSIP_TOPIC_KINDS) overBudget.inc({ topic }, 0)

  function counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers })
  }

  return {
    registry,
    intentReceived: (source, verdict) => intents.inc({ source, verdict }),
    intentNonCanonical: (source) => nonCanonical.inc({ source }),
    intentDuplicate: (source) => duplicates.inc({ source }),
    bidReceived: () => bidsReceived.inc(),
    bidSent: () => bidsSent.inc(),
    auctionWon: () => auctionsWon.inc(),
    fill: (result) => fills.inc({ result }),
    fade: (solver, bannedUntilMs) => {
      fades.inc({ solver: solver.toLowerCase() })
      if (bannedUntilMs !== undefined)
        bannedUntil.set({ solver: solver.toLowerCase() }, Math.round(bannedUntilMs / 1000))
    },
    bidRejected: (reason) => bidsRejected.inc({ reason }),
    submitToOpen: (seconds) => submitToOpen.observe(seconds),
    gossipPeers: (count) => peers.set(count),
    peerScores: (scores) => {
      // Reset first: a disconnected peer's series goes rather than keeping its last score.
      peerScore.reset()
      for (const [peer, score] of scores) peerScore.set({ peer }, Math.round(score * 100) / 100)
    },
    gossipOverBudget: (topic) => overBudget.inc({ topic }),
    relayMessage: () => relayed.inc(),
    keeperAction: (action) => keeper.inc({ action }),
  }
}
