import { DEVNET_AMOUNTS, DEVNET_MARKETS } from '../config.ts'

/**
 * v2's markets: v1's (same feeds, leverage, maintenance, liquidation fee, σ, skew scale) plus what v2
 * adds per market: the trading fee (bps of notional, to the pool) and how old a price a trade may use.
 * 10 s, as the engine's default `collateralPriceAge`: a devnet price feed posting every few seconds
 * keeps both fresh, and the pool's settlement delay (60 s) stays above it as AccountPool requires.
 */
export const DEVNET_V2_MARKETS = {
  'ETH-USD': { ...DEVNET_MARKETS['ETH-USD'], tradingFeeBps: 5, maxTradePriceAge: 10 },
  'BTC-USD': { ...DEVNET_MARKETS['BTC-USD'], tradingFeeBps: 5, maxTradePriceAge: 10 },
} as const

export const DEVNET_V2_AMOUNTS = {
  /**
   * Each solver's bond on each origin. A frontable deposit reserves the vault's slash amount (v1's
   * 50 BOND) until its FILLED comes back, so v1's 100 BOND would let a solver hold only two such
   * orders at once: 1,000 lets it hold twenty.
   */
  solverBond: 20n * DEVNET_AMOUNTS.slash,
  /** The pool's settlement delay on the devnet: AccountPool's minimum (the default is 5 minutes). */
  poolSettlementDelay: 60,
} as const
