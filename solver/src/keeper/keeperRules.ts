import type { HealthView, PositionStatus } from './engineReader.ts'

/**
 * Reverts that mean the chain moved on before our transaction (another keeper liquidated, settled or
 * expired first, the trader closed, the price recovered, a clock a second behind): a lost race, logged
 * at debug and reported as `keeper:lost-race`, not an error. A transaction mined and reverted is
 * replayed to learn which it was.
 */
export const EXPECTED_REVERTS: ReadonlySet<string> = new Set([
  'Healthy',
  'NotOpen',
  'NoDebt',
  'AlreadyFilled',
  'FillDeadlineNotPassed',
])

/** The engine liquidates exactly when equity falls below the maintenance requirement. */
export function isLiquidatable(health: HealthView): boolean {
  return health.equity < health.requirement
}

/** The engine expires an order only after its fill deadline (strictly) and only if never filled. */
export function isExpirable(fillDeadline: number, nowSeconds: number, status: PositionStatus): boolean {
  return status === 'none' && fillDeadline < nowSeconds
}

/** Debt is settled against remote collateral, so only once `Locked` has backed the position. */
export function hasDebtToSettle(position: { debt: bigint; remoteBacked: boolean }): boolean {
  return position.debt > 0n && position.remoteBacked
}
