import { expect, test } from 'vitest'
import * as deploy from './index.ts'

// An accidental change to the public surface fails here; a deliberate one updates this list.
test('the public API is exactly these names', () => {
  expect(Object.keys(deploy).sort()).toMatchInlineSnapshot(`
    [
      "ANVIL_HISTORY_ARGS",
      "ArtifactMissingError",
      "CREATE2_DEPLOYER",
      "ChainNotFreshError",
      "ContractsBuildError",
      "DEVNET_COLLATERALS",
      "DEVNET_FEEDS",
      "DEVNET_MARKETS",
      "DEVNET_ROUTE",
      "DEVNET_SETTLEMENT",
      "DEVNET_V2_MARKETS",
      "DEV_MNEMONIC",
      "DEV_PRIVATE_KEYS",
      "DEV_ROLES",
      "DeployError",
      "DeploymentFailedError",
      "ENGINE_LIBRARIES",
      "LibraryAddressMissingError",
      "LinkPlaceholderMismatchError",
      "MANIFEST_V2_VERSION",
      "MANIFEST_VERSION",
      "ManifestError",
      "PERMIT2_ADDRESS",
      "PERMIT2_SALT",
      "UnlistedPlaceholderError",
      "VAULT_LIBRARIES",
      "buildContracts",
      "chainOf",
      "deployDevnet",
      "deployDevnetV2",
      "destinationChainOf",
      "devAccount",
      "devnetAccounts",
      "isBuildCurrent",
      "loadArtifact",
      "originChainsOf",
      "parseManifest",
      "parseManifestV2",
      "permit2CreationCode",
      "postDevnetPrices",
      "readDevnetPrice",
    ]
  `)
})
