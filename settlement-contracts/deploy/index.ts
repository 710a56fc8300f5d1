// The devnet deployment of @xmargin/settlement-contracts (`@xmargin/settlement-contracts/deploy`),
// listed by name (index.test.ts snapshots it).

export { DEV_MNEMONIC, DEV_PRIVATE_KEYS, DEV_ROLES, type DevAccount, devAccount } from './accounts.ts'
export { ANVIL_HISTORY_ARGS } from './anvilHistory.ts'
export { type Artifact, loadArtifact } from './artifacts.ts'
export {
  type BuildContractsParameters,
  type BuildContractsReturnType,
  buildContracts,
  isBuildCurrent,
} from './buildContracts.ts'
export type { DeployChainTarget, DeployProgressEvent } from './chainDeployer.ts'
export {
  DEVNET_COLLATERALS,
  DEVNET_FEEDS,
  DEVNET_MARKETS,
  DEVNET_ROUTE,
  DEVNET_SETTLEMENT,
  type DevnetFeedName,
} from './config.ts'
export {
  type DeployDevnetParameters,
  type DeployDevnetReturnType,
  deployDevnet,
  devnetAccounts,
} from './deployDevnet.ts'
export {
  ArtifactMissingError,
  ChainNotFreshError,
  ContractsBuildError,
  DeployError,
  DeploymentFailedError,
} from './errors.ts'
export {
  type ChainRole,
  chainOf,
  type DevnetAccounts,
  type DevnetChain,
  type DevnetCollateral,
  type DevnetFeed,
  type DevnetManifest,
  type DevnetMarket,
  type DevnetRoute,
  type DevnetRouteSet,
  type DevnetValidator,
  MANIFEST_VERSION,
  ManifestError,
  parseManifest,
} from './manifest.ts'
export { CREATE2_DEPLOYER, PERMIT2_ADDRESS, PERMIT2_SALT, permit2CreationCode } from './permit2.ts'
export {
  type PostDevnetPricesParameters,
  type PostDevnetPricesReturnType,
  postDevnetPrices,
  readDevnetPrice,
} from './postDevnetPrices.ts'
export * from './v2/index.ts'
