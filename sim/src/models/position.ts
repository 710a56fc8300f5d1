import type { RiskModel } from '../scenarios/types.ts'
import type { MarketPath } from './market.ts'
import type { Route } from './route.ts'

export type PositionParameters = {
  side: 1 | -1
  notionalUsd: number
  collateralUsd: number
  entryPrice: number
  openedMs: number
  closesMs: number
  /** Maintenance margin as a fraction of notional. */
  maintenance: number
}

export type PositionOutcome = { liquidated: boolean; badDebtUsd: number }

/**
 * Follows one position from open to close. A keeper sees a breach on the oracle; the position stays
 * exposed until the liquidation has executed on the destination and the `Seize` message has reached the
 * origin vault and executed there, because only then is the remote collateral that covers the loss in
 * hand. Whatever the loss at that moment exceeds the collateral by is bad debt.
 */
export function positionOutcome(
  position: PositionParameters,
  market: MarketPath,
  route: Route,
  risk: RiskModel,
): PositionOutcome {
  const { side, notionalUsd, collateralUsd, entryPrice, maintenance } = position
  // equity(P) = C + side·N·(P/entry − 1) < maintenance·N  ⇔  P beyond this price.
  const threshold = entryPrice * (1 + side * (maintenance - collateralUsd / notionalUsd))
  const detected = market.firstBreach(position.openedMs, position.closesMs, threshold, side === 1 ? -1 : 1)
  if (detected === undefined) return { liquidated: false, badDebtUsd: 0 }
  const seizeSent = detected + risk.execMs
  const settled = route.deliveryTime(seizeSent) + risk.seizeMs
  const closePrice = market.priceAt(settled)
  const equity = collateralUsd + side * notionalUsd * (closePrice / entryPrice - 1)
  return { liquidated: true, badDebtUsd: Math.max(0, -equity) }
}
