import { type Address, maxUint256 } from 'viem'
import type { DevAccount } from './accounts.ts'
import { loadArtifact } from './artifacts.ts'
import type { ChainDeployer } from './chainDeployer.ts'
import {
  DEVNET_AMOUNTS,
  DEVNET_COLLATERALS,
  DEVNET_FEEDS,
  DEVNET_MARKETS,
  DEVNET_ROUTE,
  DEVNET_SETTLEMENT,
} from './config.ts'
import { deployHyperlane, type HyperlaneDeployment, type ValidatorSet } from './deployHyperlane.ts'
import { deployPermit2 } from './deployPermit2.ts'

export type DestinationDeployment = {
  contracts: {
    marginEngine: Address
    liquidityPool: Address
    settlementToken: Address
    mockPyth: Address
    pythOracle: Address
    permit2: Address
  }
  hyperlane: HyperlaneDeployment
}

export type DeployDestinationParameters = {
  /** Accounts that front margins or pay debts: they get settlement tokens and approve the engine. */
  fronters: readonly DevAccount[]
  sets: { primary: ValidatorSet; fallback: ValidatorSet }
}

/**
 * The destination chain: the MarginEngine (deployer nonce 1: the address every fresh devnet agrees on)
 * with its 6-decimal USD settlement token, Pyth's MockPyth behind the PythOracle adapter with starting
 * prices, the LP pool seeded with liquidity, the markets, the route, canonical Permit2 and Hyperlane.
 * Origin vaults and their collateral are wired later, by `connectDestination`.
 */
export async function deployDestination(
  chain: ChainDeployer,
  parameters: DeployDestinationParameters,
): Promise<DestinationDeployment> {
  const token = loadArtifact('TestToken.sol')
  const engineArtifact = loadArtifact('MarginEngine.sol')
  const pythArtifact = loadArtifact('MockPyth.sol')
  const poolArtifact = loadArtifact('LiquidityPool.sol')
  const deployer = chain.deployer.address
  const { poolLiquidity, solverFloat, oracleMaxAge, oracleMaxConfBps } = DEVNET_AMOUNTS

  const settlementToken = await chain.deploy(
    token,
    [DEVNET_SETTLEMENT.symbol, DEVNET_SETTLEMENT.decimals],
    'USD',
  )
  // Nonce 1 refers to the oracle adapter (nonce 3) and the intent verifier (nonce 5).
  const marginEngine = await chain.deploy(engineArtifact, [
    deployer,
    settlementToken,
    DEVNET_SETTLEMENT.decimals,
    chain.addressAt(2),
    chain.addressAt(4),
  ])
  const mockPyth = await chain.deploy(pythArtifact, [oracleMaxAge, 0n])
  const pythOracle = await chain.deploy(loadArtifact('PythOracle.sol'), [
    mockPyth,
    oracleMaxAge,
    oracleMaxConfBps,
  ])
  const liquidityPool = await chain.deploy(poolArtifact, [settlementToken, marginEngine])
  await chain.deploy(loadArtifact('IntentVerifier.sol'), [], 'IntentVerifier')
  const permit2 = await deployPermit2(chain)
  const hyperlane = await deployHyperlane(chain, parameters.sets)

  await chain.write(marginEngine, engineArtifact.abi, 'setPool', [liquidityPool])
  await chain.write(marginEngine, engineArtifact.abi, 'setRoute', [
    DEVNET_ROUTE.name,
    {
      primary: hyperlane.messengers.primary,
      fallbackMessenger: hyperlane.messengers.fallback,
      messageSeconds: DEVNET_ROUTE.messageSeconds,
    },
  ])
  for (const [name, market] of Object.entries(DEVNET_MARKETS)) {
    const { feed, ...parameters } = market
    await chain.write(marginEngine, engineArtifact.abi, 'setMarket', [
      name,
      { feedId: DEVNET_FEEDS[feed].id, ...parameters },
    ])
  }
  chain.progress(
    `markets ${Object.keys(DEVNET_MARKETS).join(', ')} and route ${DEVNET_ROUTE.name} set on the engine`,
  )

  await chain.send(marginEngine, '0x', 'funding the engine', DEVNET_AMOUNTS.messageBudget)
  await postPrices(chain, mockPyth)

  await chain.write(settlementToken, token.abi, 'mint', [deployer, poolLiquidity])
  await chain.write(settlementToken, token.abi, 'approve', [liquidityPool, poolLiquidity])
  await chain.write(liquidityPool, poolArtifact.abi, 'deposit', [poolLiquidity, deployer])
  chain.progress(
    `LP pool seeded with ${poolLiquidity / 10n ** BigInt(DEVNET_SETTLEMENT.decimals)} ${DEVNET_SETTLEMENT.symbol}`,
  )
  for (const fronter of parameters.fronters) {
    await chain.write(settlementToken, token.abi, 'mint', [fronter.address, solverFloat])
    await chain.write(settlementToken, token.abi, 'approve', [marginEngine, maxUint256], { from: fronter })
  }
  chain.progress(
    `${parameters.fronters.length} accounts (solvers, keeper) funded with ${DEVNET_SETTLEMENT.symbol}`,
  )

  return {
    contracts: { marginEngine, liquidityPool, settlementToken, mockPyth, pythOracle, permit2 },
    hyperlane,
  }
}

/** Tells the engine to trust an origin chain's vault and how to value its collateral tokens. */
export async function connectDestination(
  chain: ChainDeployer,
  destination: DestinationDeployment,
  origin: { chainId: number; vault: Address; tokens: Record<keyof typeof DEVNET_COLLATERALS, Address> },
): Promise<void> {
  const abi = loadArtifact('MarginEngine.sol').abi
  const engine = destination.contracts.marginEngine
  await chain.write(engine, abi, 'setPeer', [origin.chainId, origin.vault])
  for (const [symbol, collateral] of Object.entries(DEVNET_COLLATERALS)) {
    await chain.write(engine, abi, 'setCollateral', [
      origin.chainId,
      origin.tokens[symbol as keyof typeof DEVNET_COLLATERALS],
      {
        feedId: DEVNET_FEEDS[collateral.feed].id,
        decimals: collateral.decimals,
        haircutBps: collateral.haircutBps,
      },
    ])
  }
  chain.progress(
    `engine trusts the vault on ${origin.chainId} and values its ${Object.keys(DEVNET_COLLATERALS).join(', ')}`,
  )
}

/** Posts every feed's starting price (±0.05% confidence) at the latest block's time. */
async function postPrices(chain: ChainDeployer, mockPyth: Address): Promise<void> {
  const abi = loadArtifact('MockPyth.sol').abi
  const { timestamp } = await chain.client.getBlock()
  const updates: unknown[] = []
  for (const { id, price } of Object.values(DEVNET_FEEDS)) {
    const scaled = BigInt(price) * 10n ** 8n
    updates.push(
      await chain.read(mockPyth, abi, 'createPriceFeedUpdateData', [
        id,
        scaled,
        scaled / 2_000n,
        -8,
        scaled,
        0n,
        timestamp,
        0n,
      ]),
    )
  }
  await chain.write(mockPyth, abi, 'updatePriceFeeds', [updates])
  chain.progress(
    `prices posted: ${Object.entries(DEVNET_FEEDS)
      .map(([name, { price }]) => `${name} ${price}`)
      .join(', ')}`,
  )
}
