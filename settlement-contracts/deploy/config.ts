import { type Hex, keccak256, toHex } from 'viem'

/**
 * What the devnet lists and at which starting prices. Feed ids are `keccak256("ETH/USD")` etc. (MockPyth
 * takes any id); the price feed reads them from the manifest.
 */
export const DEVNET_FEEDS = {
  'ETH/USD': { id: feedId('ETH/USD'), price: 3_000 },
  'BTC/USD': { id: feedId('BTC/USD'), price: 60_000 },
  'USDC/USD': { id: feedId('USDC/USD'), price: 1 },
} as const

export type DevnetFeedName = keyof typeof DEVNET_FEEDS

/** Markets on the engine (`setMarket(name, …)`): the same parameters as the contracts' test harness. */
export const DEVNET_MARKETS = {
  'ETH-USD': {
    feed: 'ETH/USD',
    maxLeverageBps: 200_000,
    maintenanceBps: 50,
    liquidationFeeBps: 50,
    volBpsPerSqrtHour: 80,
    skewScale: 1_000_000n * 10n ** 18n,
  },
  'BTC-USD': {
    feed: 'BTC/USD',
    maxLeverageBps: 200_000,
    maintenanceBps: 50,
    liquidationFeeBps: 50,
    volBpsPerSqrtHour: 70,
    skewScale: 50_000n * 10n ** 18n,
  },
} as const satisfies Record<string, { feed: DevnetFeedName } & Record<string, unknown>>

/** Collateral tokens deployed on every origin chain, and how the engine values them. */
export const DEVNET_COLLATERALS = {
  WETH: { decimals: 18, feed: 'ETH/USD', haircutBps: 500, perTrader: 100n * 10n ** 18n },
  USDC: { decimals: 6, feed: 'USDC/USD', haircutBps: 100, perTrader: 1_000_000n * 10n ** 6n },
} as const satisfies Record<string, { feed: DevnetFeedName; decimals: number } & Record<string, unknown>>

/** The messaging route traders name in their intents, and its fallback (DESIGN.md's escape hatch). */
export const DEVNET_ROUTE = { name: 'hyperlane', messageSeconds: 12, threshold: 2 } as const

export const DEVNET_SETTLEMENT = { symbol: 'USD', decimals: 6 } as const

export const DEVNET_AMOUNTS = {
  /** Solver bond (18-decimal BOND token), slash per fault, unbonding delay, victim share. */
  minBond: 100n * 10n ** 18n,
  slash: 50n * 10n ** 18n,
  unbondingSeconds: 7n * 24n * 3600n,
  victimShareBps: 5_000n,
  /** LP liquidity in the pool, and what each solver and the keeper hold to front margins. */
  poolLiquidity: 10_000_000n * 10n ** 6n,
  solverFloat: 1_000_000n * 10n ** 6n,
  /** PythOracle: maximum price age (s) and confidence bound (bps); MockPyth validity (s). */
  oracleMaxAge: 60n,
  oracleMaxConfBps: 100n,
  /** ETH the vault and the engine hold to pay for the messages they send on deliveries (wei). */
  messageBudget: 10n * 10n ** 18n,
} as const

function feedId(name: string): Hex {
  return keccak256(toHex(name))
}
