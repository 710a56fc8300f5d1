// Protocol v2's devnet deployment, listed by name; re-exported by ../index.ts (whose test snapshots it).

export { DEVNET_V2_MARKETS } from './configV2.ts'
export {
  type DeployDevnetV2Parameters,
  type DeployDevnetV2ReturnType,
  deployDevnetV2,
} from './deployDevnetV2.ts'
export {
  LibraryAddressMissingError,
  LinkPlaceholderMismatchError,
  UnlistedPlaceholderError,
} from './linkLibraries.ts'
export {
  type DevnetManifestV2,
  type DevnetV2Chain,
  type DevnetV2DestinationChain,
  type DevnetV2DestinationContracts,
  type DevnetV2HyperlaneContracts,
  type DevnetV2Market,
  type DevnetV2OriginChain,
  type DevnetV2OriginContracts,
  destinationChainOf,
  ENGINE_LIBRARIES,
  type EngineLibraryName,
  MANIFEST_V2_VERSION,
  originChainsOf,
  parseManifestV2,
  VAULT_LIBRARIES,
  type VaultLibraryName,
} from './manifestV2.ts'
