import { type Address, getAddress, type Hex, isAddress } from 'viem'
import type { DevAccount } from './accounts.ts'
import { DeployError } from './errors.ts'

/** Bumped on any incompatible change; readers refuse other versions. */
export const MANIFEST_VERSION = 1

export type ChainRole = 'origin' | 'destination'

/**
 * One chain of the devnet. `contracts` names every address a client needs: on an origin `permit2`,
 * `collateralVault`, `solverRegistry`, `weth`, `usdc`, `bondToken`; on the destination `marginEngine`,
 * `liquidityPool`, `settlementToken`, `mockPyth`, `pythOracle`; on every chain Hyperlane's `mailbox`,
 * `merkleTreeHook` (the required hook validators checkpoint), `defaultHook` and `ismFactory`.
 */
export type DevnetChain = {
  name: string
  role: ChainRole
  chainId: number
  rpcUrl: string
  /** Seconds between blocks; 0 mines one block per transaction. */
  blockTime: number
  /** The block the Mailbox was deployed in: where a relayer starts scanning `Dispatch` events. */
  deployBlock: number
  contracts: Record<string, Address>
}

/** One validator set of a route: the same keys guard the route's ISM on every chain. */
export type DevnetRouteSet = {
  threshold: number
  /** Sorted by address, the order the message-id multisig ISM wants signatures in. */
  validators: Address[]
  /** Chain id (decimal string) → that chain's HyperlaneMessenger for this set. */
  messengers: Record<string, Address>
  /** Chain id → the StaticMessageIdMultisigIsm its messenger names. */
  isms: Record<string, Address>
}

/** A messaging route as traders name it in an intent (`route`), with its fallback set. */
export type DevnetRoute = {
  name: string
  /** `keccak256(name)`: the id the vault and the engine key the route by. */
  id: Hex
  /** T_message of the latency buffer, as configured on the engine. */
  messageSeconds: number
  primary: DevnetRouteSet
  fallback: DevnetRouteSet
}

export type DevnetMarket = {
  /** `keccak256(name)`, the engine's market id. */
  id: Hex
  feed: string
  feedId: Hex
  maxLeverageBps: number
  maintenanceBps: number
  liquidationFeeBps: number
  volBpsPerSqrtHour: number
  /** 18-decimal base units, as a decimal string. */
  skewScale: string
}

export type DevnetFeed = { id: Hex; initialPrice: number }

export type DevnetCollateral = {
  chainId: number
  symbol: string
  token: Address
  decimals: number
  feedId: Hex
  haircutBps: number
}

export type DevnetValidator = DevAccount & { route: string; set: 'primary' | 'fallback' }

export type DevnetAccounts = {
  mnemonic: string
  deployer: DevAccount
  traders: DevAccount[]
  solvers: DevAccount[]
  keeper: DevAccount
  validators: DevnetValidator[]
}

/**
 * Everything a client of the devnet needs: chains, RPC URLs, addresses, route ids and — for the devnet
 * only — the accounts' private keys (anvil's well-known keys, never real ones).
 */
export type DevnetManifest = {
  version: typeof MANIFEST_VERSION
  chains: DevnetChain[]
  accounts: DevnetAccounts
  routes: Record<string, DevnetRoute>
  markets: Record<string, DevnetMarket>
  feeds: Record<string, DevnetFeed>
  collaterals: DevnetCollateral[]
}

/** The manifest could not be understood. */
export class ManifestError extends DeployError {
  override name = 'ManifestError'
}

/**
 * Checks the parts of a manifest every reader relies on (version, chains, their RPC URLs and
 * addresses, accounts) and returns it typed. Throws a ManifestError naming the first bad field.
 */
export function parseManifest(value: unknown): DevnetManifest {
  const manifest = record(value, 'manifest')
  if (manifest.version !== MANIFEST_VERSION) {
    throw new ManifestError(`manifest version ${String(manifest.version)} is not ${MANIFEST_VERSION}`)
  }
  const chains = manifest.chains
  if (!Array.isArray(chains) || chains.length < 2)
    throw new ManifestError('manifest: chains must list ≥ 2 chains')
  chains.forEach((chain: unknown, i) => {
    const c = record(chain, `chains[${i}]`)
    if (typeof c.name !== 'string') throw new ManifestError(`chains[${i}].name: not a string`)
    if (c.role !== 'origin' && c.role !== 'destination')
      throw new ManifestError(`chains[${i}].role: not origin/destination`)
    if (!Number.isSafeInteger(c.chainId)) throw new ManifestError(`chains[${i}].chainId: not an integer`)
    if (typeof c.rpcUrl !== 'string' || !/^https?:\/\//.test(c.rpcUrl)) {
      throw new ManifestError(`chains[${i}].rpcUrl: not an http(s) URL`)
    }
    for (const [key, address] of Object.entries(record(c.contracts, `chains[${i}].contracts`))) {
      checkAddress(address, `chains[${i}].contracts.${key}`)
    }
  })
  const accounts = record(manifest.accounts, 'accounts')
  checkAddress(record(accounts.deployer, 'accounts.deployer').address, 'accounts.deployer.address')
  for (const key of ['traders', 'solvers', 'validators'] as const) {
    if (!Array.isArray(accounts[key])) throw new ManifestError(`accounts.${key}: not a list`)
  }
  for (const key of ['routes', 'markets', 'feeds'] as const) record(manifest[key], key)
  return value as DevnetManifest
}

/** The chain with `role` (the first, if several origins). */
export function chainOf(manifest: DevnetManifest, role: ChainRole): DevnetChain {
  const chain = manifest.chains.find((c) => c.role === role)
  if (chain === undefined) throw new ManifestError(`manifest: no ${role} chain`)
  return chain
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError(`${what}: not an object`)
  }
  return value as Record<string, unknown>
}

function checkAddress(value: unknown, what: string): void {
  if (typeof value !== 'string' || !isAddress(value) || getAddress(value) !== value) {
    throw new ManifestError(`${what}: not a checksummed address`)
  }
}
