// The xmargin solver node's public surface, listed by name (index.test.ts snapshots it).

export type {
  ApiNode,
  HeldIntent,
  NodeHealth,
} from './api/apiNode.ts'
export { type CreateApiParameters, createApi } from './api/createApi.ts'
export { ERROR_STATUS } from './api/errorStatus.ts'
export { type ApiServer, serveApi } from './api/serveApi.ts'
export {
  type ErrorResponse,
  type HealthResponse,
  type IntentStatusResponse,
  type SubmitIntentResponse,
  type TimelineEntryJson,
  toTimelineEntryJson,
} from './api/wire.ts'
export { parseSolverConfig } from './config/parseSolverConfig.ts'
export type { AccountSource, AuctionConfig, SolverConfig, SolverRoles } from './config/solverConfig.ts'
export { type AuctionBook, type AuctionDecision, createAuctionBook } from './domain/auction/auctionBook.ts'
export { createFadeBook, type FadeBook } from './domain/auction/fadeBook.ts'
export { type IntakeDeps, type IntakeResult, intakeIntent } from './domain/intake/intakeIntent.ts'
export { type NetworkView, networkViewOf } from './domain/intake/networkView.ts'
export {
  createDefaultStrategy,
  type DefaultStrategyParams,
  priceIntent,
} from './domain/strategy/defaultStrategy.ts'
export type { QuoteState, Strategy } from './domain/strategy/strategy.ts'
export { STRATEGY_PRESETS, type StrategyName, strategyByName } from './domain/strategy/strategyByName.ts'
export type { TimelineEntry, TimelineKind } from './domain/timeline.ts'
export {
  ChainUnavailableError,
  ConfigError,
  IntentRejectedError,
  SolverError,
  type SolverErrorCode,
  TxRevertedError,
} from './errors.ts'
export { createAcrossFeeModel } from './infra/across/acrossFees.ts'
export { type ChainClients, createChainClients } from './infra/chain/chainClients.ts'
export { type ChainWatcher, createChainWatcher } from './infra/chain/chainWatcher.ts'
export { createOriginState, type OriginState } from './infra/chain/originState.ts'
export { createTxSender } from './infra/chain/txSender.ts'
export type { ContractCall, TxSender } from './infra/chain/txSender.types.ts'
export { createLogger, type Logger } from './infra/createLogger.ts'
export { MAILBOX_ABI, MERKLE_TREE_HOOK_ABI } from './infra/hyperlane/abis.ts'
export { type Checkpoint, checkpointDigest, checkpointPayload } from './infra/hyperlane/checkpointDigest.ts'
export {
  createRelayer,
  type DeliveredMessage,
  type Relayer,
  type RelayerEvent,
  type RelayerParameters,
} from './infra/hyperlane/createRelayer.ts'
export {
  createDispatchScanner,
  type DispatchedMessage,
  type DispatchScanner,
} from './infra/hyperlane/dispatchScanner.ts'
export {
  MalformedMessageError,
  MerkleTreeMismatchError,
  MissingValidatorKeyError,
  ProcessRevertedError,
  RelayError,
} from './infra/hyperlane/errors.ts'
export { type HyperlaneMessage, parseHyperlaneMessage } from './infra/hyperlane/hyperlaneMessage.ts'
export { createMerkleTree, type MerkleTree } from './infra/hyperlane/merkleTree.ts'
export { type MessageIdMetadataParameters, messageIdMetadata } from './infra/hyperlane/messageIdMetadata.ts'
export { type ProcessMessageParameters, processMessage } from './infra/hyperlane/processMessage.ts'
export { type RouteSet, type RouteSetName, routeSetOf } from './infra/hyperlane/routeSet.ts'
export {
  type SignCheckpointParameters,
  type SignCheckpointReturnType,
  signCheckpoint,
} from './infra/hyperlane/signCheckpoint.ts'
export { createNodeMetrics, type NodeMetrics } from './infra/metrics.ts'
export { createGossipNode, type GossipNode, type GossipVerdict } from './infra/p2p/createGossipNode.ts'
export { loadOrCreatePeerKey } from './infra/p2p/peerKey.ts'
export { gossipScoreParams, gossipScoreThresholds } from './infra/p2p/peerScore.ts'
export { BIDS_TOPIC, INTENTS_TOPIC } from './infra/p2p/topics.ts'
export { createSqliteStore } from './infra/store/createSqliteStore.ts'
export type { FillJob, FillStep, NodeStore } from './infra/store/nodeStore.ts'
export { createKeeper, type Keeper, type KeeperEvent } from './keeper/createKeeper.ts'
export {
  type CreateSolverNodeParameters,
  createSolverNode,
  type SolverNode,
} from './node/createSolverNode.ts'
export { createFillPipeline, type FillPipeline } from './pipeline/createFillPipeline.ts'
