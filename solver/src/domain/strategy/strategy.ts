import type { MarginIntent } from '@xmargin/intents'

/**
 * Everything a strategy needs to price one intent, read beforehand by the node (no I/O here). Money is
 * in USD as plain numbers: these are estimates that end in a whole-bps bid, never a transaction amount.
 */
export type QuoteState = {
  nowSeconds: number
  /** Current gas prices; both chains are assumed to pay gas in ETH (priced by `ethUsd`). */
  gasPriceWei: { origin: bigint; destination: bigint }
  ethUsd: number
  /** Price of one whole collateral token. */
  collateralUsd: number
  collateralDecimals: number
  /** T_message of the intent's route: how long until `Locked` reaches the engine. */
  routeLatencySeconds: number
  /**
   * Settlement tokens the solver fronts at fill, in USD. The engine fronts the position's credit: the
   * collateral's value at the oracle's low price less the market's haircut (MarginEngine `_price`), so
   * collateral value × (1 − haircut) is the natural estimate, and the collateral value an upper bound.
   */
  frontUsd: number
  /** The solver's settlement-token float on the destination, USD. */
  inventoryUsd: number
  /** Across fee (bps) to move the fronted inventory back where it is needed; 0 when none is needed. */
  rebalanceFeeBps: number
}

/** A pricing policy: the fee (bps of the collateral) to bid on an intent, or null to pass. */
export type Strategy = {
  name: string
  quote(intent: MarginIntent, state: QuoteState): number | null
}
