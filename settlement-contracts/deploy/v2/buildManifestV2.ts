import { type Address, keccak256, toHex } from 'viem'
import type { DeployChainTarget } from '../chainDeployer.ts'
import { DEVNET_COLLATERALS, DEVNET_FEEDS, DEVNET_ROUTE } from '../config.ts'
import type { HyperlaneDeployment, ValidatorSet } from '../deployHyperlane.ts'
import type { DevnetAccounts, DevnetRouteSet } from '../manifest.ts'
import { DEVNET_V2_MARKETS } from './configV2.ts'
import type { DestinationV2Deployment } from './deployDestinationV2.ts'
import type { OriginV2Deployment } from './deployOriginV2.ts'
import {
  type DevnetManifestV2,
  type DevnetV2Chain,
  type DevnetV2DestinationChain,
  type DevnetV2OriginChain,
  MANIFEST_V2_VERSION,
  parseManifestV2,
} from './manifestV2.ts'

export type BuildManifestV2Parameters = {
  accounts: DevnetAccounts
  sets: { primary: ValidatorSet; fallback: ValidatorSet }
  destination: { target: DeployChainTarget; deployment: DestinationV2Deployment }
  origins: ReadonlyArray<{ target: DeployChainTarget; deployment: OriginV2Deployment }>
}

/**
 * Describes a deployed v2 devnet (chains sorted by id) and checks it with `parseManifestV2`, so what
 * the deployment writes is exactly what its readers accept.
 */
export function buildManifestV2({
  accounts,
  sets,
  destination,
  origins,
}: BuildManifestV2Parameters): DevnetManifestV2 {
  const destinationChain: DevnetV2DestinationChain = {
    ...chainBase(destination.target, destination.deployment.hyperlane),
    role: 'destination',
    contracts: { ...destination.deployment.contracts, ...destination.deployment.hyperlane.contracts },
    libraries: destination.deployment.libraries as DevnetV2DestinationChain['libraries'],
    originRoutes: Object.fromEntries(
      origins.map(({ target }) => [String(target.chainId), DEVNET_ROUTE.name]),
    ),
    pool: {
      settlementDelay: destination.deployment.pool.settlementDelay,
      seedAssets: destination.deployment.pool.assets.toString(),
    },
  }
  const originChains = origins.map(
    ({ target, deployment }): DevnetV2OriginChain => ({
      ...chainBase(target, deployment.hyperlane),
      role: 'origin',
      contracts: { ...deployment.contracts, ...deployment.hyperlane.contracts },
      libraries: deployment.libraries as DevnetV2OriginChain['libraries'],
    }),
  )
  const chains: DevnetV2Chain[] = [destinationChain, ...originChains].sort((a, b) => a.chainId - b.chainId)
  const all = [destination, ...origins]
  const routeSet = (set: 'primary' | 'fallback'): DevnetRouteSet => ({
    threshold: sets[set].threshold,
    validators: sets[set].validators,
    messengers: byChain(all, (h) => h.messengers[set]),
    isms: byChain(all, (h) => h.isms[set]),
  })
  return parseManifestV2({
    version: MANIFEST_V2_VERSION,
    chains,
    accounts,
    routes: {
      [DEVNET_ROUTE.name]: {
        name: DEVNET_ROUTE.name,
        id: keccak256(toHex(DEVNET_ROUTE.name)),
        messageSeconds: DEVNET_ROUTE.messageSeconds,
        primary: routeSet('primary'),
        fallback: routeSet('fallback'),
      },
    },
    markets: Object.fromEntries(
      Object.entries(DEVNET_V2_MARKETS).map(([name, { feed, skewScale, ...rest }]) => [
        name,
        {
          id: keccak256(toHex(name)),
          feed,
          feedId: DEVNET_FEEDS[feed].id,
          ...rest,
          skewScale: skewScale.toString(),
        },
      ]),
    ),
    feeds: Object.fromEntries(
      Object.entries(DEVNET_FEEDS).map(([name, { id, price }]) => [name, { id, initialPrice: price }]),
    ),
    collaterals: origins.flatMap(({ target, deployment }) =>
      Object.entries(DEVNET_COLLATERALS).map(([symbol, c]) => ({
        chainId: target.chainId,
        symbol,
        token: deployment.tokens[symbol as keyof typeof DEVNET_COLLATERALS],
        decimals: c.decimals,
        feedId: DEVNET_FEEDS[c.feed].id,
        haircutBps: c.haircutBps,
      })),
    ),
  } satisfies DevnetManifestV2)
}

function chainBase(target: DeployChainTarget, hyperlane: HyperlaneDeployment) {
  return {
    name: target.name,
    chainId: target.chainId,
    rpcUrl: target.rpcUrl,
    blockTime: target.blockTime,
    deployBlock: hyperlane.deployBlock,
  }
}

function byChain(
  all: ReadonlyArray<{ target: DeployChainTarget; deployment: { hyperlane: HyperlaneDeployment } }>,
  pick: (hyperlane: HyperlaneDeployment) => Address,
): Record<string, Address> {
  return Object.fromEntries(
    all.map(({ target, deployment }) => [String(target.chainId), pick(deployment.hyperlane)]),
  )
}
