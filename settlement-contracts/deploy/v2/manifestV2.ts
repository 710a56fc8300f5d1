import { type Address, getAddress, type Hex, isAddress, isHex } from 'viem'
import {
  type DevnetAccounts,
  type DevnetCollateral,
  type DevnetFeed,
  type DevnetMarket,
  type DevnetRoute,
  ManifestError,
} from '../manifest.ts'

/** v1's manifest is version 1; readers of this one refuse any other. */
export const MANIFEST_V2_VERSION = 2

/** The libraries the AccountEngine links, and the AccountVault's: every one is in the manifest. */
export const ENGINE_LIBRARIES = [
  'AccountDebt',
  'AccountDeposits',
  'AccountLiquidation',
  'AccountPoolClaim',
  'AccountRisk',
  'AccountTrading',
] as const
export const VAULT_LIBRARIES = ['OverchargeProof'] as const

export type EngineLibraryName = (typeof ENGINE_LIBRARIES)[number]
export type VaultLibraryName = (typeof VAULT_LIBRARIES)[number]

/** Hyperlane's contracts on every chain; `merkleTreeHook` is the required hook validators checkpoint. */
export type DevnetV2HyperlaneContracts = {
  mailbox: Address
  merkleTreeHook: Address
  defaultHook: Address
  ismFactory: Address
}

export type DevnetV2OriginContracts = DevnetV2HyperlaneContracts & {
  accountVault: Address
  solverRegistry: Address
  weth: Address
  usdc: Address
  bondToken: Address
  permit2: Address
}

export type DevnetV2DestinationContracts = DevnetV2HyperlaneContracts & {
  accountEngine: Address
  accountLens: Address
  accountPool: Address
  settlementToken: Address
  mockPyth: Address
  pythOracle: Address
  permit2: Address
}

type DevnetV2ChainBase = {
  name: string
  chainId: number
  rpcUrl: string
  /** Seconds between blocks; 0 mines one block per transaction. */
  blockTime: number
  /** The block the Mailbox was deployed in: where a relayer starts scanning `Dispatch` events. */
  deployBlock: number
}

export type DevnetV2OriginChain = DevnetV2ChainBase & {
  role: 'origin'
  contracts: DevnetV2OriginContracts
  libraries: Record<VaultLibraryName, Address>
}

export type DevnetV2DestinationChain = DevnetV2ChainBase & {
  role: 'destination'
  contracts: DevnetV2DestinationContracts
  libraries: Record<EngineLibraryName, Address>
  /** Origin chain id (decimal string) → the route name the engine sends to it over (`setOriginRoute`). */
  originRoutes: Record<string, string>
  /** The LP pool: its settlement delay (s) and the deployer's seed (settlement-token units, decimal string). */
  pool: { settlementDelay: number; seedAssets: string }
}

export type DevnetV2Chain = DevnetV2OriginChain | DevnetV2DestinationChain

/** A v1 market plus v2's trading fee (bps of notional) and the oldest price a trade may use (s). */
export type DevnetV2Market = DevnetMarket & { tradingFeeBps: number; maxTradePriceAge: number }

/**
 * The v2 devnet (docs/protocol-v2.md, "Order of work" step 2): one destination with the engine, its
 * lens, pool and oracle; origins with a vault and a registry each. Accounts, routes, feeds and
 * collaterals have v1's shapes; `accounts` holds the devnet's well-known keys (never real ones).
 */
export type DevnetManifestV2 = {
  version: typeof MANIFEST_V2_VERSION
  chains: DevnetV2Chain[]
  accounts: DevnetAccounts
  routes: Record<string, DevnetRoute>
  markets: Record<string, DevnetV2Market>
  feeds: Record<string, DevnetFeed>
  collaterals: DevnetCollateral[]
}

const ORIGIN_CONTRACTS = [
  'accountVault',
  'solverRegistry',
  'weth',
  'usdc',
  'bondToken',
  'permit2',
  'mailbox',
  'merkleTreeHook',
  'defaultHook',
  'ismFactory',
] as const satisfies ReadonlyArray<keyof DevnetV2OriginContracts>
const DESTINATION_CONTRACTS = [
  'accountEngine',
  'accountLens',
  'accountPool',
  'settlementToken',
  'mockPyth',
  'pythOracle',
  'permit2',
  'mailbox',
  'merkleTreeHook',
  'defaultHook',
  'ismFactory',
] as const satisfies ReadonlyArray<keyof DevnetV2DestinationContracts>

/**
 * Checks what every reader of a v2 manifest relies on and returns it typed: the version; one
 * destination and at least one origin, each with every contract and library of its role at a
 * checksummed address; a route to every origin that the manifest describes; accounts, markets, feeds
 * and collaterals on known origins. Throws a ManifestError naming the first bad field.
 */
export function parseManifestV2(value: unknown): DevnetManifestV2 {
  const manifest = record(value, 'manifest')
  if (manifest.version !== MANIFEST_V2_VERSION) {
    throw new ManifestError(`manifest version ${String(manifest.version)} is not ${MANIFEST_V2_VERSION}`)
  }
  if (!Array.isArray(manifest.chains)) throw new ManifestError('chains: not a list')
  const chains = manifest.chains.map((chain: unknown, i) => checkChain(chain, `chains[${i}]`))
  const destinations = chains.filter((c) => c.role === 'destination')
  const origins = chains.filter((c) => c.role === 'origin')
  if (destinations.length !== 1 || origins.length === 0) {
    throw new ManifestError('chains: need exactly one destination and at least one origin')
  }
  if (new Set(chains.map((c) => c.chainId)).size !== chains.length) {
    throw new ManifestError('chains: a chain id is listed twice')
  }

  const routes = record(manifest.routes, 'routes')
  for (const [name, route] of Object.entries(routes)) checkRoute(route, `routes.${name}`, chains)
  const originRoutes = record(destinations[0]?.originRoutes, 'destination originRoutes')
  for (const origin of origins) {
    const route = originRoutes[String(origin.chainId)]
    if (typeof route !== 'string' || routes[route] === undefined) {
      throw new ManifestError(`destination originRoutes.${origin.chainId}: not a route of the manifest`)
    }
  }

  const accounts = record(manifest.accounts, 'accounts')
  for (const key of ['deployer', 'keeper'] as const) {
    checkAddress(record(accounts[key], `accounts.${key}`).address, `accounts.${key}.address`)
  }
  for (const key of ['traders', 'solvers', 'validators'] as const) {
    const list = accounts[key]
    if (!Array.isArray(list)) throw new ManifestError(`accounts.${key}: not a list`)
    list.forEach((a: unknown, i) => {
      checkAddress(record(a, `accounts.${key}[${i}]`).address, `accounts.${key}[${i}].address`)
    })
  }

  for (const [name, market] of Object.entries(record(manifest.markets, 'markets'))) {
    const m = record(market, `markets.${name}`)
    checkBytes32(m.id, `markets.${name}.id`)
    checkBytes32(m.feedId, `markets.${name}.feedId`)
    for (const key of ['maxLeverageBps', 'tradingFeeBps', 'maxTradePriceAge'] as const) {
      checkInteger(m[key], `markets.${name}.${key}`)
    }
  }
  record(manifest.feeds, 'feeds')
  if (!Array.isArray(manifest.collaterals)) throw new ManifestError('collaterals: not a list')
  const originIds = new Set(origins.map((c) => c.chainId))
  manifest.collaterals.forEach((collateral: unknown, i) => {
    const c = record(collateral, `collaterals[${i}]`)
    if (typeof c.chainId !== 'number' || !originIds.has(c.chainId)) {
      throw new ManifestError(`collaterals[${i}].chainId: not an origin of the manifest`)
    }
    checkAddress(c.token, `collaterals[${i}].token`)
    checkInteger(c.decimals, `collaterals[${i}].decimals`)
    checkBytes32(c.feedId, `collaterals[${i}].feedId`)
  })
  return value as DevnetManifestV2
}

/** The destination chain of a parsed v2 manifest. */
export function destinationChainOf(manifest: DevnetManifestV2): DevnetV2DestinationChain {
  const chain = manifest.chains.find((c): c is DevnetV2DestinationChain => c.role === 'destination')
  if (chain === undefined) throw new ManifestError('manifest: no destination chain')
  return chain
}

/** The origin chains of a parsed v2 manifest, by chain id. */
export function originChainsOf(manifest: DevnetManifestV2): DevnetV2OriginChain[] {
  return manifest.chains.filter((c): c is DevnetV2OriginChain => c.role === 'origin')
}

function checkChain(
  value: unknown,
  what: string,
): { role: string; chainId: number } & Record<string, unknown> {
  const c = record(value, what)
  if (typeof c.name !== 'string') throw new ManifestError(`${what}.name: not a string`)
  if (c.role !== 'origin' && c.role !== 'destination')
    throw new ManifestError(`${what}.role: not origin/destination`)
  checkInteger(c.chainId, `${what}.chainId`)
  checkInteger(c.blockTime, `${what}.blockTime`)
  checkInteger(c.deployBlock, `${what}.deployBlock`)
  if (typeof c.rpcUrl !== 'string' || !/^https?:\/\//.test(c.rpcUrl)) {
    throw new ManifestError(`${what}.rpcUrl: not an http(s) URL`)
  }
  const contracts = record(c.contracts, `${what}.contracts`)
  const libraries = record(c.libraries, `${what}.libraries`)
  const [required, libs] =
    c.role === 'origin' ? [ORIGIN_CONTRACTS, VAULT_LIBRARIES] : [DESTINATION_CONTRACTS, ENGINE_LIBRARIES]
  for (const key of required) checkAddress(contracts[key], `${what}.contracts.${key}`)
  for (const [key, address] of Object.entries(contracts)) checkAddress(address, `${what}.contracts.${key}`)
  for (const key of libs) checkAddress(libraries[key], `${what}.libraries.${key}`)
  for (const [key, address] of Object.entries(libraries)) checkAddress(address, `${what}.libraries.${key}`)
  if (c.role === 'destination') {
    const pool = record(c.pool, `${what}.pool`)
    checkInteger(pool.settlementDelay, `${what}.pool.settlementDelay`)
    if (typeof pool.seedAssets !== 'string' || !/^\d+$/.test(pool.seedAssets)) {
      throw new ManifestError(`${what}.pool.seedAssets: not a decimal string`)
    }
  }
  return c as { role: string; chainId: number } & Record<string, unknown>
}

function checkRoute(value: unknown, what: string, chains: ReadonlyArray<{ chainId: number }>): void {
  const route = record(value, what)
  checkBytes32(route.id, `${what}.id`)
  checkInteger(route.messageSeconds, `${what}.messageSeconds`)
  for (const set of ['primary', 'fallback'] as const) {
    const s = record(route[set], `${what}.${set}`)
    checkInteger(s.threshold, `${what}.${set}.threshold`)
    if (!Array.isArray(s.validators)) throw new ManifestError(`${what}.${set}.validators: not a list`)
    s.validators.forEach((v: unknown, i) => {
      checkAddress(v, `${what}.${set}.validators[${i}]`)
    })
    const messengers = record(s.messengers, `${what}.${set}.messengers`)
    const isms = record(s.isms, `${what}.${set}.isms`)
    for (const { chainId } of chains) {
      checkAddress(messengers[String(chainId)], `${what}.${set}.messengers.${chainId}`)
      checkAddress(isms[String(chainId)], `${what}.${set}.isms.${chainId}`)
    }
  }
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

function checkBytes32(value: unknown, what: string): asserts value is Hex {
  if (typeof value !== 'string' || !isHex(value) || value.length !== 66) {
    throw new ManifestError(`${what}: not a 32-byte hex string`)
  }
}

function checkInteger(value: unknown, what: string): void {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new ManifestError(`${what}: not a non-negative integer`)
  }
}
