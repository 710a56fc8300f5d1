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
      "DEV_MNEMONIC",
      "DEV_PRIVATE_KEYS",
      "DEV_ROLES",
      "DeployError",
      "DeploymentFailedError",
      "MANIFEST_VERSION",
      "ManifestError",
      "PERMIT2_ADDRESS",
      "PERMIT2_SALT",
      "buildContracts",
      "chainOf",
      "deployDevnet",
      "devAccount",
      "devnetAccounts",
      "isBuildCurrent",
      "loadArtifact",
      "parseManifest",
      "permit2CreationCode",
      "postDevnetPrices",
      "readDevnetPrice",
    ]
  `)
})
