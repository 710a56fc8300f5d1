import { type Address, maxUint256 } from 'viem'
import type { DevAccount } from '../accounts.ts'
import { loadArtifact } from '../artifacts.ts'
import type { ChainDeployer } from '../chainDeployer.ts'
import {
  DEVNET_AMOUNTS,
  DEVNET_COLLATERALS,
  DEVNET_FEEDS,
  DEVNET_ROUTE,
  DEVNET_SETTLEMENT,
} from '../config.ts'
import { deployHyperlane, type HyperlaneDeployment, type ValidatorSet } from '../deployHyperlane.ts'
import { deployPermit2 } from '../deployPermit2.ts'
import { rewindClock } from './anvilClock.ts'
import { DEVNET_V2_AMOUNTS, DEVNET_V2_MARKETS } from './configV2.ts'
import { deployLinked } from './deployLinked.ts'
import { loadLinkableArtifact } from './linkableArtifact.ts'
import { seedPool } from './seedPool.ts'

export type DestinationV2Deployment = {
  contracts: {
    accountEngine: Address
    accountLens: Address
    accountPool: Address
    settlementToken: Address
    mockPyth: Address
    pythOracle: Address
    permit2: Address
  }
  /** The engine's external libraries, by name. */
  libraries: Record<string, Address>
  pool: { requestId: bigint; assets: bigint; shares: bigint; settlementDelay: number }
  hyperlane: HyperlaneDeployment
}

export type DeployDestinationV2Parameters = {
  /** Accounts that front deposits or pay debts: they get settlement tokens and approve the engine. */
  fronters: readonly DevAccount[]
  sets: { primary: ValidatorSet; fallback: ValidatorSet }
}

/**
 * The v2 destination: the 6-decimal USD settlement token, MockPyth behind the v1 PythOracle, the
 * AccountEngine (after its six libraries, linked into it), the AccountLens over it, the AccountPool
 * (seeded by a settled LP request), the markets, the route, canonical Permit2 and Hyperlane. Origin
 * vaults, their routes and their collateral are wired later, by `connectDestinationV2`.
 */
export async function deployDestinationV2(
  chain: ChainDeployer,
  parameters: DeployDestinationV2Parameters,
): Promise<DestinationV2Deployment> {
  const token = loadArtifact('TestToken.sol')
  const engineArtifact = loadLinkableArtifact('AccountEngine.sol')
  const poolArtifact = loadArtifact('AccountPool.sol')
  const deployer = chain.deployer.address
  const { oracleMaxAge, oracleMaxConfBps } = DEVNET_AMOUNTS
  const settlementDelay = DEVNET_V2_AMOUNTS.poolSettlementDelay

  await rewindClock(chain, settlementDelay)
  const settlementToken = await chain.deploy(
    token,
    [DEVNET_SETTLEMENT.symbol, DEVNET_SETTLEMENT.decimals],
    'USD',
  )
  const mockPyth = await chain.deploy(loadArtifact('MockPyth.sol'), [oracleMaxAge, 0n])
  const pythOracle = await chain.deploy(loadArtifact('PythOracle.sol'), [
    mockPyth,
    oracleMaxAge,
    oracleMaxConfBps,
  ])
  const engine = await deployLinked(chain, engineArtifact, [
    deployer,
    settlementToken,
    DEVNET_SETTLEMENT.decimals,
    pythOracle,
  ])
  const accountEngine = engine.address
  const accountLens = await chain.deploy(loadArtifact('AccountLens.sol'), [accountEngine])
  const accountPool = await chain.deploy(poolArtifact, [accountEngine, deployer])
  const permit2 = await deployPermit2(chain)
  const hyperlane = await deployHyperlane(chain, parameters.sets)

  const abi = engineArtifact.abi
  await chain.write(accountEngine, abi, 'setPool', [accountPool])
  await chain.write(accountEngine, abi, 'setRoute', [
    DEVNET_ROUTE.name,
    {
      primary: hyperlane.messengers.primary,
      fallbackMessenger: hyperlane.messengers.fallback,
      messageSeconds: DEVNET_ROUTE.messageSeconds,
    },
  ])
  for (const [name, { feed, ...market }] of Object.entries(DEVNET_V2_MARKETS)) {
    await chain.write(accountEngine, abi, 'setMarket', [name, { feedId: DEVNET_FEEDS[feed].id, ...market }])
  }
  chain.progress(
    `markets ${Object.keys(DEVNET_V2_MARKETS).join(', ')} and route ${DEVNET_ROUTE.name} set on the engine`,
  )
  await chain.send(accountEngine, '0x', 'funding the engine', DEVNET_AMOUNTS.messageBudget)

  await chain.write(accountPool, poolArtifact.abi, 'setSettlementDelay', [settlementDelay])
  const assets = DEVNET_AMOUNTS.poolLiquidity
  const seeded = await seedPool(chain, { pool: accountPool, settlementToken, assets })
  // After the seed: it moved the clock to the machine's time, so these prices are fresh from now.
  await postPrices(chain, mockPyth)

  for (const fronter of parameters.fronters) {
    await chain.write(settlementToken, token.abi, 'mint', [fronter.address, DEVNET_AMOUNTS.solverFloat])
    await chain.write(settlementToken, token.abi, 'approve', [accountEngine, maxUint256], { from: fronter })
  }
  chain.progress(
    `${parameters.fronters.length} accounts (solvers, keeper) funded with ${DEVNET_SETTLEMENT.symbol} for the engine`,
  )

  return {
    contracts: { accountEngine, accountLens, accountPool, settlementToken, mockPyth, pythOracle, permit2 },
    libraries: engine.libraries,
    pool: { ...seeded, assets, settlementDelay },
    hyperlane,
  }
}

/**
 * Trusts an origin's vault, routes the engine's messages to it over the devnet route (which also
 * gives its collateral a latency buffer) and values its tokens. The route comes first: the engine
 * refuses collateral of an origin it has no route to.
 */
export async function connectDestinationV2(
  chain: ChainDeployer,
  destination: DestinationV2Deployment,
  origin: { chainId: number; vault: Address; tokens: Record<keyof typeof DEVNET_COLLATERALS, Address> },
): Promise<void> {
  const abi = loadLinkableArtifact('AccountEngine.sol').abi
  const engine = destination.contracts.accountEngine
  await chain.write(engine, abi, 'setPeer', [origin.chainId, origin.vault])
  await chain.write(engine, abi, 'setOriginRoute', [origin.chainId, DEVNET_ROUTE.name])
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
    `engine trusts the vault on ${origin.chainId} over ${DEVNET_ROUTE.name} and values its ${Object.keys(DEVNET_COLLATERALS).join(', ')}`,
  )
}

/** Posts every feed's starting price (±0.05% confidence) at the latest block's time, as v1 does. */
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
