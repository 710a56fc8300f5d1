import { join } from 'node:path'
import { hashIntent, type MarginIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, type Hex, http, type LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createApi } from '../api/createApi.ts'
import { type ApiServer, serveApi } from '../api/serveApi.ts'
import type { SolverConfig } from '../config/solverConfig.ts'
import { createAuctionBook } from '../domain/auction/auctionBook.ts'
import { createFadeBook } from '../domain/auction/fadeBook.ts'
import { intakeIntent } from '../domain/intake/intakeIntent.ts'
import { networkViewOf } from '../domain/intake/networkView.ts'
import type { Strategy } from '../domain/strategy/strategy.ts'
import { strategyByName } from '../domain/strategy/strategyByName.ts'
import type { TimelineEntry } from '../domain/timeline.ts'
import { ChainUnavailableError, SolverError } from '../errors.ts'
import { type BondedSolvers, createBondedSolvers } from '../infra/chain/bondedSolvers.ts'
import { createChainClients } from '../infra/chain/chainClients.ts'
import { createChainWatcher } from '../infra/chain/chainWatcher.ts'
import { createOriginState, type OriginState } from '../infra/chain/originState.ts'
import { createTxSender } from '../infra/chain/txSender.ts'
import { withTimeout } from '../infra/chain/withTimeout.ts'
import { createLogger, type Logger } from '../infra/createLogger.ts'
import { createRelayer, type Relayer } from '../infra/hyperlane/createRelayer.ts'
import { createNodeMetrics, type NodeMetrics } from '../infra/metrics.ts'
import { createGossipNode, type GossipNode } from '../infra/p2p/createGossipNode.ts'
import { loadOrCreatePeerKey } from '../infra/p2p/peerKey.ts'
import { solverUserAgent } from '../infra/p2p/solverUserAgent.ts'
import { createSqliteStore } from '../infra/store/createSqliteStore.ts'
import type { NodeStore } from '../infra/store/nodeStore.ts'
import { createKeeper, type Keeper } from '../keeper/createKeeper.ts'
import { VAULT_READ_ABI } from '../pipeline/abis.ts'
import { createFillPipeline } from '../pipeline/createFillPipeline.ts'
import { createChainHealthMonitor, monitorClientOf } from './chainHealthMonitor.ts'
import { createChainLiveness } from './chainLiveness.ts'
import { createIntakeRetry } from './intakeRetry.ts'
import { createIntentValidator } from './intentValidator.ts'
import { createMarketReader } from './marketReader.ts'
import { nodeHealthOf } from './nodeHealthOf.ts'
import { createOrderFlow } from './orderFlow.ts'
import { createRebalanceFees } from './rebalanceFees.ts'
import { relayEventReporter } from './relayEventReporter.ts'
import { createSharedKeyWarning } from './sharedKeyWarning.ts'
import { listenError, openDataDir } from './startupChecks.ts'
import { createTimelineHub } from './timelineHub.ts'
import { type Openability, openabilityOf } from './unopenableReason.ts'

export type CreateSolverNodeParameters = {
  config: SolverConfig
  manifest: DevnetManifest
  /** The solver's key, resolved by the caller (the CLI) from the config's account source. */
  account: LocalAccount
  logger?: Logger
  /** Overrides the config's strategy preset (tests, custom strategies). */
  strategy?: Strategy
}

export type SolverNode = {
  readonly name: string
  readonly address: Address
  readonly peerId: string
  /** Listening multiaddrs with `/p2p/<peerId>`: what other nodes put in `p2p.bootstrap`. */
  multiaddrs(): string[]
  /** `http://host:port` once started. */
  httpUrl(): string
  submitIntent(json: string): Promise<{ orderId: Hex; duplicate: boolean }>
  timeline(orderId: Hex): TimelineEntry[]
  subscribe(listener: (entry: TimelineEntry) => void): () => void
  /** Connected libp2p peers, and the gossipsub score this node gives one (below the graylist: ignored). */
  peers(): string[]
  peerScore(peerId: string): number
  metrics: NodeMetrics
  start(): Promise<void>
  /** Stops taking work, lets the step in flight finish, and closes everything; safe to call twice. */
  stop(): Promise<void>
}

/**
 * One solver node: gossip, auction, fills, chain watching, keeper and relay roles, and the HTTP API,
 * each a component with start/stop, wired here and nowhere else.
 */
export async function createSolverNode(parameters: CreateSolverNodeParameters): Promise<SolverNode> {
  const { config, manifest, account } = parameters
  const logger = parameters.logger ?? createLogger({ name: config.name, level: config.log.level })
  openDataDir(config.dataDir)
  const store: NodeStore = createSqliteStore(join(config.dataDir, 'node.sqlite'))
  const metrics = createNodeMetrics({ solvers: manifest.accounts.solvers.map((solver) => solver.address) })
  const hub = createTimelineHub(store)
  const sharedKey = createSharedKeyWarning({ solver: account.address, logger })
  // Receipts are polled at half the node's poll interval: each confirmation wait is on the fill's path.
  const clients = createChainClients(manifest, account, {
    pollingIntervalMs: Math.max(25, Math.floor(config.pollMs / 2)),
  })
  const originChain = chainOf(manifest, 'origin')
  const destinationChain = chainOf(manifest, 'destination')
  const origin = clientsOf(originChain.chainId)
  const destination = clientsOf(destinationChain.chainId)
  const senders = {
    origin: createTxSender({
      public: origin.public,
      wallet: origin.wallet,
      logger: logger.child({ c: 'tx', chain: originChain.chainId }),
    }),
    destination: createTxSender({
      public: destination.public,
      wallet: destination.wallet,
      logger: logger.child({ c: 'tx', chain: destinationChain.chainId }),
    }),
  }
  const network = networkViewOf(manifest)
  const originStates = new Map<number, OriginState>(
    manifest.chains
      .filter((chain) => chain.role === 'origin')
      .map((chain) => [
        chain.chainId,
        createOriginState({
          // Its own client: intake gives up on a read after 1.5 s, and the shared client's retries
          // (10 s × 4) would keep abandoned requests open against a stalled RPC long after.
          client: createPublicClient({ transport: http(chain.rpcUrl, { timeout: 1_500, retryCount: 0 }) }),
          permit2: chain.contracts.permit2 as Address,
        }),
      ]),
  )
  const intakeDeps = {
    network,
    originState: (chainId: number) => originStates.get(chainId),
    now: () => Math.floor(Date.now() / 1000),
    isKnown: (orderId: Hex) => store.getIntent(orderId) !== undefined,
    // A primary-key lookup comparing text: exact, survives restarts, costs no memory bound.
    isKnownEncoding: (orderId: Hex, json: string) => store.hasIntentJson(orderId, json),
    // Only asked when the nonce is spent; bounded like intake's other reads.
    openerOf: (orderId: Hex, intent: MarginIntent) =>
      withTimeout(openability(orderId, intent), {
        timeoutMs: 1_500,
        onTimeout: () => new ChainUnavailableError('CHAIN_UNAVAILABLE', 'origin vault read timed out'),
      }).then((found) => (found.kind === 'opened' ? found.opener : undefined)),
  }
  const bondedSolvers = new Map<number, BondedSolvers>(
    manifest.chains
      .filter((chain) => chain.role === 'origin')
      .map((chain) => [
        chain.chainId,
        createBondedSolvers({
          client: clientsOf(chain.chainId).public,
          registry: chain.contracts.solverRegistry as Address,
          logger: logger.child({ c: 'registry', chain: chain.chainId }),
        }),
      ]),
  )
  // A stall is a gap of several watcher polls: longer than a slow scan, well within a fade grace.
  const liveness = createChainLiveness({
    chainIds: [originChain.chainId, destinationChain.chainId],
    gapMs: Math.max(2_000, 8 * config.pollMs),
  })
  async function openability(orderId: Hex, intent: MarginIntent): Promise<Openability> {
    const chainId = Number(intent.originChainId)
    const origin = originStates.get(chainId)
    const chain = manifest.chains.find((c) => c.chainId === chainId)
    if (origin === undefined || chain === undefined)
      return { kind: 'blocked', reason: `no client for origin chain ${chainId}` }
    return openabilityOf(intent, origin, async () => {
      const escrow = await clientsOf(chainId).public.readContract({
        address: chain.contracts.collateralVault as Address,
        abi: VAULT_READ_ABI,
        functionName: 'escrowOf',
        args: [orderId],
      })
      return escrow.status === 0 ? undefined : escrow.opener
    })
  }
  const pipeline = createFillPipeline({
    unopenableReason: async (intent) => {
      const found = await openability(hashIntent(intent), intent)
      return found.kind === 'blocked' ? found.reason : undefined
    },
    store,
    origin: {
      public: origin.public,
      sender: senders.origin,
      vault: originChain.contracts.collateralVault as Address,
    },
    destination: {
      public: destination.public,
      sender: senders.destination,
      engine: destinationChain.contracts.marginEngine as Address,
    },
    logger: logger.child({ c: 'pipeline' }),
    // A fee or price revert clears on a later block: retry within about a block, not seconds later.
    fillRetryDelayMs: 500,
  })
  const rebalance = createRebalanceFees(logger.child({ c: 'across' }))
  const peerKey = await loadOrCreatePeerKey(join(config.dataDir, 'peer.key'))
  let flow: ReturnType<typeof createOrderFlow> | undefined
  const intakeRetry = createIntakeRetry({
    intake: intakeDeps,
    logger: logger.child({ c: 'intake' }),
    onValid: (result) => {
      if (store.putIntent({ orderId: result.orderId, intent: result.intent, receivedAtMs: Date.now() }))
        void flow?.acceptIntent(result.orderId, result.intent, 'gossip', result.openedBy)
    },
  })
  const gossip: GossipNode = await createGossipNode({
    listen: [...config.p2p.listen],
    bootstrap: [...config.p2p.bootstrap],
    privateKey: peerKey,
    logger: logger.child({ c: 'p2p' }),
    onOverBudget: (kind) => metrics.gossipOverBudget(kind),
    userAgent: solverUserAgent(account.address),
    onPeerIdentified: (peer, userAgent) => sharedKey.peerIdentified(peer, userAgent),
    validate: {
      intent: createIntentValidator({
        store,
        intake: intakeDeps,
        metrics,
        logger,
        accept: (orderId, intent, openedBy) => {
          void flow?.acceptIntent(orderId, intent, 'gossip', openedBy)
        },
        retryLater: (data) => intakeRetry.keep(data),
      }),
      bid: async (data) => flow?.takeBid(data, Date.now()) ?? 'ignore',
    },
  })
  flow = createOrderFlow({
    manifest,
    account,
    store,
    hub,
    auction: createAuctionBook({
      bidWindowMs: config.auction.bidWindowMs,
      fadeGraceMs: config.auction.fadeGraceMs,
    }),
    fades: createFadeBook({ baseBanMs: config.auction.baseBanMs, maxBanMs: config.auction.maxBanMs }),
    strategy: parameters.strategy ?? strategyByName(config.strategy),
    market: createMarketReader({
      manifest,
      origin: { chain: originChain, client: origin.public },
      destination: { chain: destinationChain, client: destination.public },
      solver: account.address,
    }),
    pipeline,
    metrics,
    logger: logger.child({ c: 'auction' }),
    bondedSolvers: (chainId) => bondedSolvers.get(chainId),
    liveness,
    sharedKey,
    openability,
    inclusionMs: (chainId) =>
      (manifest.chains.find((chain) => chain.chainId === chainId)?.blockTime ?? 1) * 1000 + config.pollMs,
    publishBid: (json) => gossip.publishBid(new TextEncoder().encode(json)),
    rebalanceFeeBps: (amount) => rebalance.feeBps(amount),
  })
  const keeper: Keeper | undefined = config.roles.keeper
    ? createKeeper({
        destination: {
          client: destination.public,
          sender: senders.destination,
          engine: destinationChain.contracts.marginEngine as Address,
          settlementToken: destinationChain.contracts.settlementToken as Address,
        },
        logger: logger.child({ c: 'keeper' }),
        pollMs: config.pollMs,
        onEvent: (event) => metrics.keeperAction(event.type.replace('keeper:', '')),
        turn: { self: account.address, nodes: manifest.accounts.solvers.map((s) => s.address) },
      })
    : undefined
  const watcher = createChainWatcher({
    chains: [
      {
        chainId: originChain.chainId,
        client: origin.public,
        vault: originChain.contracts.collateralVault as Address,
        fromBlock: BigInt(originChain.deployBlock),
      },
      {
        chainId: destinationChain.chainId,
        client: destination.public,
        engine: destinationChain.contracts.marginEngine as Address,
        fromBlock: BigInt(destinationChain.deployBlock),
      },
    ],
    cursor: { get: (key) => store.getCursor(key), put: (key, block) => store.putCursor(key, block) },
    pollMs: config.pollMs,
    logger: logger.child({ c: 'watcher' }),
    onAnswered: (chainId, atMs) => liveness.answered(chainId, atMs),
    onEntry: (entry) => {
      hub.record(entry)
      keeper?.observe(entry)
      if (entry.kind === 'opened' && entry.actor !== undefined) {
        flow?.opened(entry.orderId, entry.actor)
        // The trader's nonce is spent: the next intent reusing it must be refused at once, not after the cache expires.
        const trader = entry.detail.trader
        if (typeof trader === 'string' && entry.chainId !== undefined)
          originStates.get(entry.chainId)?.invalidate(trader as Address)
      }
      if (entry.kind === 'filled') observeOpenLatency(entry)
      if (entry.kind === 'fee-paid' || entry.kind === 'refunded') flow?.settled(entry.orderId)
    },
  })
  const relayPayer = config.roles.relayer ? relayAccountOf(manifest, account) : undefined
  if (config.roles.relayer && relayPayer === undefined)
    logger.warn('no funded relay key for this solver; not relaying')
  const relayer: Relayer | undefined = relayPayer
    ? createRelayer({
        manifest,
        account: relayPayer,
        pollMs: config.pollMs,
        onEvent: relayEventReporter(logger.child({ c: 'relayer' }), metrics),
        // Turns go by the solver's address, whichever key pays.
        turn: { self: account.address, nodes: manifest.accounts.solvers.map((s) => s.address) },
      })
    : undefined

  /** Every node rejects an unbonded solver's bids: say so at start, not by silence in every auction. */
  async function warnIfUnbonded(): Promise<void> {
    for (const [chainId, registry] of bondedSolvers) {
      const active = await registry.isActive(account.address).catch(() => undefined)
      if (active === false) {
        logger.warn(
          { solver: account.address, chainId },
          'this solver is not bonded in the SolverRegistry of this origin chain: every node rejects its bids there',
        )
      }
    }
  }

  function clientsOf(chainId: number) {
    const found = clients.get(chainId)
    if (found === undefined) throw new SolverError('CONFIG', `manifest: no clients for chain ${chainId}`)
    return found
  }

  function observeOpenLatency(entry: TimelineEntry): void {
    const received = store.timeline(entry.orderId).find((e) => e.kind === 'received')
    if (received !== undefined) metrics.submitToOpen(Math.max(0, entry.atMs - received.atMs) / 1000)
  }

  async function submitIntent(json: string): Promise<{ orderId: Hex; duplicate: boolean }> {
    const result = await intakeIntent(json, intakeDeps)
    if (result.known) return { orderId: result.orderId, duplicate: true }
    if (!store.putIntent({ orderId: result.orderId, intent: result.intent, receivedAtMs: Date.now() })) {
      return { orderId: result.orderId, duplicate: true }
    }
    await gossip.publishIntent(new TextEncoder().encode(result.json))
    // Accepted once valid and gossiped: the quote and the bid follow without holding up the trader.
    void flow?.acceptIntent(result.orderId, result.intent, 'http', result.openedBy)
    return { orderId: result.orderId, duplicate: false }
  }

  // /healthz answers from this, never from a chain read: it must answer while a chain stalls.
  const healthPollMs = config.pollMs * 4
  const chainHealth = createChainHealthMonitor({
    chains: manifest.chains.map((chain) => ({
      chainId: chain.chainId,
      client: monitorClientOf(chain.rpcUrl, healthPollMs),
    })),
    pollMs: healthPollMs,
    logger: logger.child({ c: 'health' }),
  })
  let server: ApiServer | undefined
  let settleTimer: NodeJS.Timeout | undefined
  let stopped: Promise<void> | undefined

  return {
    name: config.name,
    address: account.address,
    peerId: gossip.peerId,
    multiaddrs: () => gossip.multiaddrs(),
    httpUrl: () => server?.url ?? '',
    submitIntent,
    timeline: (orderId) => store.timeline(orderId),
    subscribe: (listener) => hub.subscribe(listener),
    peers: () => gossip.peers(),
    peerScore: (peerId) => gossip.score(peerId),
    metrics,
    async start() {
      rebalance.warmUp()
      await gossip.start().catch((error: unknown) => {
        throw listenError(error, 'p2p.listen', config.p2p.listen.join(', '))
      })
      for (const registry of bondedSolvers.values()) registry.start()
      intakeRetry.start()
      void warnIfUnbonded()
      // Auctions first, so fill jobs resumed next and the watcher catching up find them.
      await flow?.resumeAuctions()
      void pipeline
        .resume((orderId) => store.getIntent(orderId)?.intent)
        .catch((error: unknown) => logger.error({ err: error }, 'resuming fills failed'))
      // The watcher resumes after its cursor: the keeper learns the older positions from the store.
      for (const entry of store.keeperTimeline()) keeper?.observe(entry)
      watcher.start()
      keeper?.start()
      relayer?.start()
      flow?.start()
      let ticks = 0
      settleTimer = setInterval(() => {
        pipeline
          .checkSettlement()
          .catch((error: unknown) => logger.warn({ err: error }, 'settlement check failed'))
        const peers = gossip.peers()
        metrics.gossipPeers(peers.length)
        metrics.peerScores(peers.map((peer) => [peer, gossip.score(peer)] as const))
        // A fill that failed on an unreachable chain stays unfinished; pick it up again every ~20 passes.
        ticks += 1
        if (ticks % 20 === 0) {
          pipeline
            .resume((orderId) => store.getIntent(orderId)?.intent)
            .catch((error: unknown) => logger.warn({ err: error }, 'resuming fills failed'))
        }
      }, config.pollMs * 4)
      await chainHealth.start()
      const app = createApi({
        node: {
          submitIntent,
          timeline: (orderId) => {
            const entries = store.timeline(orderId)
            return entries.length === 0 && store.getIntent(orderId) === undefined ? undefined : entries
          },
          intent: (orderId) => store.getIntent(orderId),
          subscribe: (listener) => hub.subscribe(listener),
          health: () =>
            nodeHealthOf({
              name: config.name,
              peerId: gossip.peerId,
              peers: gossip.peers().length,
              // The first node of a network has no one to dial; any other is unhealthy alone.
              minPeers: config.p2p.bootstrap.length > 0 ? 1 : 0,
              solver: account.address,
              chains: chainHealth.chains(),
              nowMs: Date.now(),
            }),
        },
        logger: logger.child({ c: 'api' }),
        metrics,
        corsOrigins: config.http.corsOrigins === '*' ? '*' : [...config.http.corsOrigins],
      })
      server = await serveApi({ app, port: config.http.port, host: config.http.host }).catch(
        (error: unknown) => {
          throw listenError(error, 'http.port', `${config.http.host}:${config.http.port}`)
        },
      )
      logger.info(
        { solver: account.address, peerId: gossip.peerId, http: server.url, strategy: config.strategy },
        'solver node started',
      )
    },
    stop() {
      stopped ??= (async () => {
        if (settleTimer !== undefined) clearInterval(settleTimer)
        intakeRetry.stop()
        await server?.close()
        await chainHealth.stop()
        // Together: the flow waits for its fills, and a fill ends only once the pipeline stops retrying.
        await Promise.all([flow?.stop(), pipeline.stop()])
        await Promise.allSettled([
          watcher.stop(),
          keeper?.stop(),
          relayer?.stop(),
          ...[...bondedSolvers.values()].map((registry) => registry.stop()),
        ])
        await gossip.stop()
        store.close()
        logger.info('solver node stopped')
      })()
      return stopped
    },
  }
}

/**
 * Relaying pays for `Mailbox.process`. Relaying from the solver's own account would race the fill
 * pipeline for nonces, so on the devnet the n-th solver pays with the n-th fallback validator's key
 * (funded, and otherwise idle). A node whose key is not a devnet solver's does not relay.
 */
function relayAccountOf(manifest: DevnetManifest, account: LocalAccount): LocalAccount | undefined {
  const index = manifest.accounts.solvers.findIndex(
    (s) => s.address.toLowerCase() === account.address.toLowerCase(),
  )
  const payer = manifest.accounts.validators.filter((v) => v.set === 'fallback')[index]
  return payer === undefined ? undefined : privateKeyToAccount(payer.privateKey)
}
