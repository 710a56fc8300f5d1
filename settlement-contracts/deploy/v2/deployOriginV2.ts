import { type Address, maxUint256 } from 'viem'
import type { DevAccount } from '../accounts.ts'
import { loadArtifact } from '../artifacts.ts'
import type { ChainDeployer } from '../chainDeployer.ts'
import { DEVNET_AMOUNTS, DEVNET_COLLATERALS, DEVNET_ROUTE } from '../config.ts'
import { deployHyperlane, type HyperlaneDeployment, type ValidatorSet } from '../deployHyperlane.ts'
import { deployPermit2 } from '../deployPermit2.ts'
import { PERMIT2_ADDRESS } from '../permit2.ts'
import { DEVNET_V2_AMOUNTS } from './configV2.ts'
import { deployLinked } from './deployLinked.ts'
import { loadLinkableArtifact } from './linkableArtifact.ts'

export type OriginV2Deployment = {
  contracts: {
    accountVault: Address
    solverRegistry: Address
    weth: Address
    usdc: Address
    bondToken: Address
    permit2: Address
  }
  /** The vault's external library (OverchargeProof), by name. */
  libraries: Record<string, Address>
  tokens: { WETH: Address; USDC: Address }
  hyperlane: HyperlaneDeployment
}

export type DeployOriginV2Parameters = {
  traders: readonly DevAccount[]
  solvers: readonly DevAccount[]
  sets: { primary: ValidatorSet; fallback: ValidatorSet }
}

/**
 * A v2 origin: the bond token and a SolverRegistry of its own, the AccountVault (after the
 * OverchargeProof library it links) as the registry's only settler, WETH and USDC collateral,
 * canonical Permit2 and Hyperlane. Traders get collateral and approve Permit2; solvers bond. The
 * engine (the vault's peer) and the remote messengers are wired later, by `connectOriginV2`.
 */
export async function deployOriginV2(
  chain: ChainDeployer,
  parameters: DeployOriginV2Parameters,
): Promise<OriginV2Deployment> {
  const token = loadArtifact('TestToken.sol')
  const registryArtifact = loadArtifact('SolverRegistry.sol')
  const vaultArtifact = loadLinkableArtifact('AccountVault.sol')
  const deployer = chain.deployer.address
  const { minBond, slash, unbondingSeconds, victimShareBps } = DEVNET_AMOUNTS
  const bond = DEVNET_V2_AMOUNTS.solverBond

  const bondToken = await chain.deploy(token, ['BOND', 18], 'BOND')
  const solverRegistry = await chain.deploy(registryArtifact, [
    deployer,
    bondToken,
    minBond,
    unbondingSeconds,
    victimShareBps,
    deployer,
  ])
  const vault = await deployLinked(chain, vaultArtifact, [deployer, PERMIT2_ADDRESS, solverRegistry, slash])
  const accountVault = vault.address
  const weth = await chain.deploy(token, ['WETH', DEVNET_COLLATERALS.WETH.decimals], 'WETH')
  const usdc = await chain.deploy(token, ['USDC', DEVNET_COLLATERALS.USDC.decimals], 'USDC')
  const permit2 = await deployPermit2(chain)
  const hyperlane = await deployHyperlane(chain, parameters.sets)

  await chain.write(solverRegistry, registryArtifact.abi, 'setSettler', [accountVault, true])
  await chain.write(accountVault, vaultArtifact.abi, 'setRoute', [
    DEVNET_ROUTE.name,
    {
      primary: hyperlane.messengers.primary,
      fallbackMessenger: hyperlane.messengers.fallback,
      messageSeconds: DEVNET_ROUTE.messageSeconds,
    },
  ])
  // openFor pays each DEPOSITED from the vault's own balance.
  await chain.send(accountVault, '0x', 'funding the vault', DEVNET_AMOUNTS.messageBudget)
  chain.progress(
    `vault is the registry's settler, route ${DEVNET_ROUTE.name} set; vault holds ${DEVNET_AMOUNTS.messageBudget / 10n ** 18n} ETH for messages`,
  )

  for (const trader of parameters.traders) {
    for (const [address, amount] of [
      [weth, DEVNET_COLLATERALS.WETH.perTrader],
      [usdc, DEVNET_COLLATERALS.USDC.perTrader],
    ] as const) {
      await chain.write(address, token.abi, 'mint', [trader.address, amount])
      await chain.write(address, token.abi, 'approve', [permit2, maxUint256], { from: trader })
    }
  }
  chain.progress(`${parameters.traders.length} traders funded (WETH, USDC) and approved Permit2`)
  for (const solver of parameters.solvers) {
    await chain.write(bondToken, token.abi, 'mint', [solver.address, bond])
    await chain.write(bondToken, token.abi, 'approve', [solverRegistry, bond], { from: solver })
    await chain.write(solverRegistry, registryArtifact.abi, 'bond', [bond], { from: solver })
  }
  chain.progress(`${parameters.solvers.length} solvers bonded (${bond / 10n ** 18n} BOND each)`)

  return {
    contracts: { accountVault, solverRegistry, weth, usdc, bondToken, permit2 },
    libraries: vault.libraries,
    tokens: { WETH: weth, USDC: usdc },
    hyperlane,
  }
}

/**
 * Trusts the engine on the destination as the vault's peer, and the devnet route as one the engine's
 * messages (FILLED, EXPIRED, RELEASE, SEIZE) may arrive over: the vault's side of `setOriginRoute`.
 */
export async function connectOriginV2(
  chain: ChainDeployer,
  origin: OriginV2Deployment,
  destination: { chainId: number; engine: Address },
): Promise<void> {
  const abi = loadLinkableArtifact('AccountVault.sol').abi
  await chain.write(origin.contracts.accountVault, abi, 'setPeer', [destination.chainId, destination.engine])
  await chain.write(origin.contracts.accountVault, abi, 'setEngineRoute', [DEVNET_ROUTE.name, true])
  // The tokens the engine takes as collateral from this origin (its setCollateral), mirrored here.
  for (const token of [origin.contracts.weth, origin.contracts.usdc]) {
    await chain.write(origin.contracts.accountVault, abi, 'setCollateral', [destination.chainId, token, true])
  }
  chain.progress(`vault trusts the engine on ${destination.chainId} over ${DEVNET_ROUTE.name}`)
}
