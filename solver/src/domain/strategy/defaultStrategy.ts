import type { MarginIntent } from '@xmargin/intents'
import { timeAtFee } from '@xmargin/intents/schedule'
import type { QuoteState, Strategy } from './strategy.ts'

/** Gas of each step a solver pays for, from settlement-contracts/snapshots/settlement.json. */
export type FillGas = {
  /** `CollateralVault.openFor` on the origin (Permit2 witness transfer + `Locked` dispatch). */
  open: bigint
  /** `MarginEngine.fill` on the destination (signature, oracle, front + `Filled` dispatch). */
  fill: bigint
  /**
   * Delivering one message (solvers relay): `Locked` on the destination, `Filled` on the origin. No
   * delivery snapshot exists yet; the snapshot's first-message-on-a-channel cost stands in for it.
   */
  message: bigint
}

export const DEFAULT_FILL_GAS: Readonly<FillGas> = Object.freeze({
  open: 370_000n,
  fill: 570_000n,
  message: 180_000n,
})

export type DefaultStrategyParams = {
  name: string
  gas?: FillGas
  /** Yearly cost of the capital tied up in the front, bps (1,000 = 10% APR). */
  capitalAprBps: number
  /** Time after the route's message latency until the front is repaid (relay, confirmations). */
  settleSeconds: number
  /** Risk premium per 1× of leverage, bps of the collateral: the front covers losses until `Locked`. */
  riskBpsPerLeverage: number
  /** Pass when the front would take more than this share (0…1) of the destination float. */
  maxInventoryShare: number
  /** Profit on top of costs, bps of the collateral. */
  marginBps: number
  /** Pass above this leverage (bps of 1×); unset: any leverage the intent allows. */
  maxLeverageBps?: number
}

/** Why a strategy passes on an intent. */
export type PassReason =
  | 'deadline'
  | 'no-collateral-value'
  | 'leverage'
  | 'inventory'
  | 'above-max-fee'
  | 'unreachable'

/** The priced parts of a quote, for logs and for readers checking the arithmetic. */
export type QuoteBreakdown = {
  collateralValueUsd: number
  gasUsd: number
  capitalUsd: number
  rebalanceUsd: number
  /** (gas + capital + rebalance) as bps of the collateral value. */
  costBps: number
  leverage: number
  riskBps: number
  marginBps: number
  /** costBps + riskBps + marginBps, unrounded. */
  totalBps: number
  /** The bid: totalBps rounded up to whole bps, or null with `passReason`. */
  feeBps: number | null
  passReason?: PassReason
}

const SECONDS_PER_YEAR = 365 * 24 * 3600
const BPS = 10_000
const WEI_PER_ETH = 1e18
// Float noise must not push an exact figure (6.5000000001) to the next whole bps.
const ROUNDING_SLACK = 1e-9

/**
 * Prices an intent as the sum of what filling it costs the solver — gas on both chains, the capital
 * cost of fronting margin until the route settles, an Across rebalance — plus a risk premium that
 * grows with leverage and a profit margin, all in bps of the collateral value.
 */
export function priceIntent(
  intent: MarginIntent,
  state: QuoteState,
  params: DefaultStrategyParams,
): QuoteBreakdown {
  const gas = params.gas ?? DEFAULT_FILL_GAS
  const { orderData } = intent
  const collateralValueUsd =
    (Number(orderData.collateralAmount) / 10 ** state.collateralDecimals) * state.collateralUsd

  const gasWei =
    (gas.open + gas.message) * state.gasPriceWei.origin +
    (gas.fill + gas.message) * state.gasPriceWei.destination
  const gasUsd = (Number(gasWei) / WEI_PER_ETH) * state.ethUsd
  const lockedSeconds = state.routeLatencySeconds + params.settleSeconds
  const capitalUsd = (state.frontUsd * params.capitalAprBps * lockedSeconds) / BPS / SECONDS_PER_YEAR
  const rebalanceUsd = (state.frontUsd * state.rebalanceFeeBps) / BPS
  const costBps =
    collateralValueUsd > 0 ? ((gasUsd + capitalUsd + rebalanceUsd) / collateralValueUsd) * BPS : 0

  // Leverage against the front (what the engine checks notional against), at the trader's worst price.
  const notionalUsd = Number((orderData.size * orderData.limitPrice) / 10n ** 18n) / 1e18
  const maxLeverage = orderData.maxLeverageBps / BPS
  const leverage = state.frontUsd > 0 ? Math.min(notionalUsd / state.frontUsd, maxLeverage) : maxLeverage
  const riskBps = params.riskBpsPerLeverage * leverage
  const totalBps = costBps + riskBps + params.marginBps
  const feeBps = Math.max(0, Math.ceil(totalBps - ROUNDING_SLACK))

  const breakdown = {
    collateralValueUsd,
    gasUsd,
    capitalUsd,
    rebalanceUsd,
    costBps,
    leverage,
    riskBps,
    marginBps: params.marginBps,
    totalBps,
  }
  const pass = passReason(intent, state, params, { collateralValueUsd, leverage, feeBps })
  return pass === undefined ? { ...breakdown, feeBps } : { ...breakdown, feeBps: null, passReason: pass }
}

function passReason(
  intent: MarginIntent,
  state: QuoteState,
  params: DefaultStrategyParams,
  quote: { collateralValueUsd: number; leverage: number; feeBps: number },
): PassReason | undefined {
  const { fee } = intent.orderData
  if (state.nowSeconds > intent.openDeadline) return 'deadline'
  if (!(quote.collateralValueUsd > 0)) return 'no-collateral-value'
  if (params.maxLeverageBps !== undefined && quote.leverage * BPS > params.maxLeverageBps) return 'leverage'
  if (state.frontUsd > params.maxInventoryShare * state.inventoryUsd) return 'inventory'
  if (quote.feeBps > fee.maxBps) return 'above-max-fee'
  // A bid the schedule only reaches after the open deadline can never be filled.
  const dueAt = timeAtFee(fee, quote.feeBps)
  if (dueAt === undefined || dueAt > intent.openDeadline) return 'unreachable'
  return undefined
}

export function createDefaultStrategy(params: DefaultStrategyParams): Strategy {
  return {
    name: params.name,
    quote: (intent, state) => priceIntent(intent, state, params).feeBps,
  }
}
