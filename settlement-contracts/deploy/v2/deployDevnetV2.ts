import type { Address } from 'viem'
import { createChainDeployer, type DeployChainTarget, type DeployProgressEvent } from '../chainDeployer.ts'
import { DEVNET_ROUTE } from '../config.ts'
import { devnetAccounts } from '../deployDevnet.ts'
import { enrollRemotes, type ValidatorSet } from '../deployHyperlane.ts'
import { DeployError } from '../errors.ts'
import type { DevnetValidator } from '../manifest.ts'
import { buildManifestV2 } from './buildManifestV2.ts'
import { connectDestinationV2, deployDestinationV2 } from './deployDestinationV2.ts'
import { connectOriginV2, deployOriginV2, type OriginV2Deployment } from './deployOriginV2.ts'
import type { DevnetManifestV2 } from './manifestV2.ts'

export type DeployDevnetV2Parameters = {
  /**
   * Fresh anvil chains (the deployer has sent nothing yet): exactly one destination and one or more
   * origins; `xmargin devnet --chains 3` names them origin 31337, destination 31338, origin-2 31339.
   */
  chains: readonly DeployChainTarget[]
  onProgress?: (event: DeployProgressEvent) => void
}

export type DeployDevnetV2ReturnType = DevnetManifestV2

/**
 * Deploys and wires protocol v2 on fresh anvil chains and returns its manifest: the engine, its
 * libraries, lens, pool and oracle on the destination; a vault (with its library) and a registry on
 * each origin; Hyperlane between each origin and the destination, with v1's accounts, validator sets,
 * route, feeds and collateral. Deterministic, as v1: the same chain ids give the same addresses. The
 * chains are deployed in parallel, then connected (remotes, peers, routes, collateral).
 */
export async function deployDevnetV2(
  parameters: DeployDevnetV2Parameters,
): Promise<DeployDevnetV2ReturnType> {
  const onProgress = parameters.onProgress ?? (() => {})
  const destinations = parameters.chains.filter((c) => c.role === 'destination')
  const origins = parameters.chains.filter((c) => c.role === 'origin')
  const destinationTarget = destinations[0]
  if (destinations.length !== 1 || destinationTarget === undefined || origins.length === 0) {
    throw new DeployError('a devnet needs exactly one destination chain and at least one origin chain')
  }
  const accounts = devnetAccounts()
  const sets = {
    primary: validatorSet(accounts.validators, 'primary'),
    fallback: validatorSet(accounts.validators, 'fallback'),
  }

  // Every chain is checked fresh before anything is sent to any of them.
  const destinationChain = await createChainDeployer(destinationTarget, accounts.deployer, onProgress)
  const originChains = await Promise.all(
    origins.map((o) => createChainDeployer(o, accounts.deployer, onProgress)),
  )

  const [destination, ...originDeployments] = await Promise.all([
    deployDestinationV2(destinationChain, { fronters: [...accounts.solvers, accounts.keeper], sets }),
    ...originChains.map((chain) =>
      deployOriginV2(chain, { traders: accounts.traders, solvers: accounts.solvers, sets }),
    ),
  ])
  const deployedOrigins = originChains.map((chain, i) => ({
    chain,
    deployment: originDeployments[i] as OriginV2Deployment,
  }))

  const engine = { chainId: destinationTarget.chainId, engine: destination.contracts.accountEngine }
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
        await connectDestinationV2(destinationChain, destination, {
          chainId: chain.target.chainId,
          vault: deployment.contracts.accountVault,
          tokens: deployment.tokens,
        })
      }
    })(),
    ...deployedOrigins.map(async ({ chain, deployment }) => {
      await enrollRemotes(chain, deployment.hyperlane, [
        { chainId: destinationTarget.chainId, hyperlane: destination.hyperlane },
      ])
      await connectOriginV2(chain, deployment, engine)
    }),
  ])

  return buildManifestV2({
    accounts,
    sets,
    destination: { target: destinationTarget, deployment: destination },
    origins: deployedOrigins.map(({ chain, deployment }) => ({ target: chain.target, deployment })),
  })
}

/** One of the devnet's validator sets as the ISM factory takes it (`devnetAccounts` sorts them). */
function validatorSet(validators: readonly DevnetValidator[], set: DevnetValidator['set']): ValidatorSet {
  const addresses: Address[] = validators.filter((v) => v.set === set).map((v) => v.address)
  return { validators: addresses, threshold: DEVNET_ROUTE.threshold }
}
