// The xmargin solver node's public surface, listed by name (index.test.ts snapshots it).

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
