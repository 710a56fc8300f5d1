import { type Address, keccak256, toHex } from 'viem'
import { DEV_MNEMONIC, DEV_ROLES, type DevAccount, devAccount } from './accounts.ts'
import { createChainDeployer, type DeployChainTarget, type DeployProgressEvent } from './chainDeployer.ts'
import { DEVNET_COLLATERALS, DEVNET_FEEDS, DEVNET_MARKETS, DEVNET_ROUTE } from './config.ts'
import { connectDestination, type DestinationDeployment, deployDestination } from './deployDestination.ts'
import { enrollRemotes, type HyperlaneDeployment, type ValidatorSet } from './deployHyperlane.ts'
import { connectOrigin, deployOrigin, type OriginDeployment } from './deployOrigin.ts'
import { DeployError } from './errors.ts'
import {
  type DevnetAccounts,
  type DevnetChain,
  type DevnetManifest,
  type DevnetRouteSet,
  MANIFEST_VERSION,
} from './manifest.ts'

export type DeployDevnetParameters = {
  /** Fresh chains (the deployer has sent nothing yet): exactly one destination and one or more origins. */
  chains: readonly DeployChainTarget[]
  onProgress?: (event: DeployProgressEvent) => void
}

export type DeployDevnetReturnType = DevnetManifest

/**
 * Deploys and wires the whole protocol on fresh anvil chains, and returns the manifest that describes
 * it. Deterministic: the same chain ids give the same addresses, because every contract is created by
 * anvil's first account in a fixed order (or through CREATE2). The chains are deployed in parallel,
 * then connected to each other (peers, collateral, Hyperlane remotes).
 */
export async function deployDevnet(parameters: DeployDevnetParameters): Promise<DeployDevnetReturnType> {
  const onProgress = parameters.onProgress ?? (() => {})
  const destinations = parameters.chains.filter((c) => c.role === 'destination')
  const origins = parameters.chains.filter((c) => c.role === 'origin')
  const destinationTarget = destinations[0]
  if (destinations.length !== 1 || destinationTarget === undefined || origins.length === 0) {
    throw new DeployError('a devnet needs exactly one destination chain and at least one origin chain')
  }
  const accounts = devnetAccounts()
  const sets = {
    primary: validatorSet(accounts.solvers),
    fallback: validatorSet(accounts.validators.filter((v) => v.set === 'fallback')),
  }

  const destinationChain = await createChainDeployer(destinationTarget, accounts.deployer, onProgress)
  const originChains = await Promise.all(
    origins.map((o) => createChainDeployer(o, accounts.deployer, onProgress)),
  )

  const [destination, ...originDeployments] = await Promise.all([
    deployDestination(destinationChain, { fronters: [...accounts.solvers, accounts.keeper], sets }),
    ...originChains.map((chain) =>
      deployOrigin(chain, { traders: accounts.traders, solvers: accounts.solvers, sets }),
    ),
  ])
  const deployedOrigins = originChains.map((chain, i) => ({
    chain,
    deployment: originDeployments[i] as OriginDeployment,
  }))

  const engine = { chainId: destinationTarget.chainId, engine: destination.contracts.marginEngine }
  await Promise.all([
    (async () => {
      await enrollRemotes(
        destinationChain,
        destination.hyperlane,
        deployedOrigins.map(({ chain, deployment }) => ({
          chainId: chain.target.chainId,
          hyperlane: deployment.hyperlane,
        })),
      )
      for (const { chain, deployment } of deployedOrigins) {
        await connectDestination(destinationChain, destination, {
          chainId: chain.target.chainId,
          vault: deployment.contracts.collateralVault,
          tokens: deployment.tokens,
        })
      }
    })(),
    ...deployedOrigins.map(async ({ chain, deployment }) => {
      await enrollRemotes(chain, deployment.hyperlane, [
        { chainId: destinationTarget.chainId, hyperlane: destination.hyperlane },
      ])
      await connectOrigin(chain, deployment, engine)
    }),
  ])

  return buildManifest({
    accounts,
    sets,
    destination: { target: destinationTarget, deployment: destination },
    origins: deployedOrigins.map(({ chain, deployment }) => ({ target: chain.target, deployment })),
  })
}

/** The dev accounts by role (DEV_ROLES), validators tagged with the route set they sign for. */
export function devnetAccounts(): DevnetAccounts {
  const route = DEVNET_ROUTE.name
  return {
    mnemonic: DEV_MNEMONIC,
    deployer: devAccount(DEV_ROLES.deployer),
    traders: DEV_ROLES.traders.map(devAccount),
    solvers: DEV_ROLES.solvers.map(devAccount),
    keeper: devAccount(DEV_ROLES.keeper),
    validators: [
      ...sortByAddress(DEV_ROLES.solvers.map(devAccount)).map((a) => ({
        ...a,
        route,
        set: 'primary' as const,
      })),
      ...sortByAddress(DEV_ROLES.fallbackValidators.map(devAccount)).map((a) => ({
        ...a,
        route,
        set: 'fallback' as const,
      })),
    ],
  }
}

function validatorSet(accounts: readonly DevAccount[]): ValidatorSet {
  return { validators: sortByAddress(accounts).map((a) => a.address), threshold: DEVNET_ROUTE.threshold }
}

function sortByAddress<T extends { address: Address }>(accounts: readonly T[]): T[] {
  return [...accounts].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
}

type BuildManifestParameters = {
  accounts: DevnetAccounts
  sets: { primary: ValidatorSet; fallback: ValidatorSet }
  destination: { target: DeployChainTarget; deployment: DestinationDeployment }
  origins: ReadonlyArray<{ target: DeployChainTarget; deployment: OriginDeployment }>
}

function buildManifest({ accounts, sets, destination, origins }: BuildManifestParameters): DevnetManifest {
  const all = [destination, ...origins].sort((a, b) => a.target.chainId - b.target.chainId)
  const chains: DevnetChain[] = all.map(({ target, deployment }) => ({
    name: target.name,
    role: target.role,
    chainId: target.chainId,
    rpcUrl: target.rpcUrl,
    blockTime: target.blockTime,
    deployBlock: deployment.hyperlane.deployBlock,
    contracts: { ...deployment.contracts, ...deployment.hyperlane.contracts },
  }))
  const routeSet = (set: 'primary' | 'fallback'): DevnetRouteSet => ({
    threshold: sets[set].threshold,
    validators: sets[set].validators,
    messengers: byChain(all, (h) => h.messengers[set]),
    isms: byChain(all, (h) => h.isms[set]),
  })
  return {
    version: MANIFEST_VERSION,
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
      Object.entries(DEVNET_MARKETS).map(([name, { feed, skewScale, ...rest }]) => [
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
