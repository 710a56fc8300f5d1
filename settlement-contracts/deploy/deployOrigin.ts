import { type Address, keccak256, maxUint256, toHex } from 'viem'
import type { DevAccount } from './accounts.ts'
import { loadArtifact } from './artifacts.ts'
import type { ChainDeployer } from './chainDeployer.ts'
import { DEVNET_AMOUNTS, DEVNET_COLLATERALS, DEVNET_ROUTE } from './config.ts'
import { deployHyperlane, type HyperlaneDeployment, type ValidatorSet } from './deployHyperlane.ts'
import { deployPermit2 } from './deployPermit2.ts'
import { PERMIT2_ADDRESS } from './permit2.ts'

export type OriginDeployment = {
  contracts: {
    collateralVault: Address
    solverRegistry: Address
    weth: Address
    bondToken: Address
    usdc: Address
    permit2: Address
  }
  tokens: { WETH: Address; USDC: Address }
  hyperlane: HyperlaneDeployment
}

export type DeployOriginParameters = {
  traders: readonly DevAccount[]
  solvers: readonly DevAccount[]
  sets: { primary: ValidatorSet; fallback: ValidatorSet }
}

/**
 * An origin chain: the CollateralVault (deployer nonce 0, so it sits at the address every fresh devnet
 * and `xmargin intent new` agree on), the SolverRegistry, WETH (nonce 2) and USDC collateral, the bond
 * token, canonical Permit2 and Hyperlane. Traders get collateral and approve Permit2; solvers bond.
 * The engine's address and the remote messengers are wired later, by `connectOrigin`.
 */
export async function deployOrigin(
  chain: ChainDeployer,
  parameters: DeployOriginParameters,
): Promise<OriginDeployment> {
  const token = loadArtifact('TestToken.sol')
  const registryArtifact = loadArtifact('SolverRegistry.sol')
  const vaultArtifact = loadArtifact('CollateralVault.sol')
  const deployer = chain.deployer.address
  const { minBond, slash, unbondingSeconds, victimShareBps } = DEVNET_AMOUNTS

  // Nonce 0 refers to the registry (nonce 1), which refers to the bond token (nonce 3).
  const collateralVault = await chain.deploy(vaultArtifact, [
    deployer,
    PERMIT2_ADDRESS,
    chain.addressAt(1),
    slash,
  ])
  const solverRegistry = await chain.deploy(registryArtifact, [
    deployer,
    chain.addressAt(2),
    minBond,
    unbondingSeconds,
    victimShareBps,
    deployer,
  ])
  const weth = await chain.deploy(token, ['WETH', DEVNET_COLLATERALS.WETH.decimals], 'WETH')
  const bondToken = await chain.deploy(token, ['BOND', 18], 'BOND')
  const usdc = await chain.deploy(token, ['USDC', DEVNET_COLLATERALS.USDC.decimals], 'USDC')
  const permit2 = await deployPermit2(chain)
  const hyperlane = await deployHyperlane(chain, parameters.sets)

  await chain.write(solverRegistry, registryArtifact.abi, 'setSettler', [collateralVault, true])
  await chain.write(collateralVault, vaultArtifact.abi, 'setRoute', [
    keccak256(toHex(DEVNET_ROUTE.name)),
    hyperlane.messengers.primary,
    hyperlane.messengers.fallback,
  ])
  await chain.send(collateralVault, '0x', 'funding the vault', DEVNET_AMOUNTS.messageBudget)
  chain.progress(
    `route ${DEVNET_ROUTE.name} set on the vault; vault holds ${DEVNET_AMOUNTS.messageBudget / 10n ** 18n} ETH for messages`,
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
    await chain.write(bondToken, token.abi, 'mint', [solver.address, minBond])
    await chain.write(bondToken, token.abi, 'approve', [solverRegistry, minBond], { from: solver })
    await chain.write(solverRegistry, registryArtifact.abi, 'bond', [minBond], { from: solver })
  }
  chain.progress(`${parameters.solvers.length} solvers bonded`)

  return {
    contracts: { collateralVault, solverRegistry, weth, bondToken, usdc, permit2 },
    tokens: { WETH: weth, USDC: usdc },
    hyperlane,
  }
}

/** Tells the vault which engine it trusts on the destination chain. */
export async function connectOrigin(
  chain: ChainDeployer,
  origin: OriginDeployment,
  destination: { chainId: number; engine: Address },
) {
  await chain.write(origin.contracts.collateralVault, loadArtifact('CollateralVault.sol').abi, 'setPeer', [
    destination.chainId,
    destination.engine,
  ])
  chain.progress(`vault trusts the engine on ${destination.chainId}`)
}
