import type { HealthView } from './engineReader.ts'

const WAD = 10n ** 18n
const BPS = 10_000n

/**
 * Where a position becomes liquidatable, as a price of its market's conservative mark (the oracle's
 * `low` for a long, `high` for a short: the price the engine marks it at). `below`: liquidatable once
 * the mark falls under `mark`; `above`: once it rises over it; `never`: price alone cannot do it.
 */
export type LiquidationMark = { direction: 'below' | 'above'; mark: bigint } | { direction: 'never' }

export type LiquidationMarkParameters = {
  position: { isLong: boolean; size: bigint; entryPrice: bigint; debt: bigint }
  /** The engine's `health` at the block `mark` was read at. */
  health: HealthView
  /** The conservative mark (wad USD) at that block. */
  mark: bigint
  /** The engine's keeper bonus, bps of debt (debt awaiting a keeper counts at debt × (1 + bonus)). */
  keeperBonusBps: bigint
  /** The margin is collateral priced by the market's own feed (WETH on ETH-USD), so it moves with the mark. */
  marginMovesWithMark: boolean
}

/**
 * The engine's `_health` is affine in the mark: equity = margin − owed + pnl, requirement = notional ×
 * rate. Anchored at the engine's own reading f₀ = equity − requirement at mark m₀, its slope times m₀ is
 * S = margin₀ (when the margin moves with the mark) ± size·m₀ − requirement, and the root is
 * m* = m₀ − f₀·m₀ / S. The engine stays the judge; this only says when asking it again is worth a read.
 * (A short's margin is valued at `low` while it is marked at `high`: moving both together assumes the
 * confidence band keeps its width relative to the price, which the keeper's price-move re-check covers.)
 */
export function liquidationMark(parameters: LiquidationMarkParameters): LiquidationMark {
  const { position, health, mark, keeperBonusBps } = parameters
  if (mark <= 0n) return { direction: 'never' }
  const pnl = signedPnl(position.isLong, position.size, position.entryPrice, mark)
  const owed = (position.debt * (BPS + keeperBonusBps)) / BPS
  const margin = health.equity + owed - pnl
  const exposure = (position.size * mark) / WAD
  const slope =
    (parameters.marginMovesWithMark ? margin : 0n) +
    (position.isLong ? exposure : -exposure) -
    health.requirement
  if (slope === 0n) return { direction: 'never' }
  const root = mark - ((health.equity - health.requirement) * mark) / slope
  if (slope > 0n) return root > 0n ? { direction: 'below', mark: root } : { direction: 'never' }
  return { direction: 'above', mark: root > 0n ? root : 1n }
}

/**
 * Whether the conservative `mark` is past the liquidation mark, or within `marginBps` of it on the
 * dangerous side (the root is exact only up to the engine's rounding and the band's width).
 */
export function isNearLiquidation(liquidation: LiquidationMark, mark: bigint, marginBps: bigint): boolean {
  if (liquidation.direction === 'never') return false
  if (liquidation.direction === 'below') return mark * BPS <= liquidation.mark * (BPS + marginBps)
  return mark * BPS >= liquidation.mark * (BPS - marginBps)
}

/** RiskMath.pnl: `size` opened at `entry`, marked at `mark`, rounded towards zero. */
function signedPnl(isLong: boolean, size: bigint, entry: bigint, mark: bigint): bigint {
  const value = (size * (mark > entry ? mark - entry : entry - mark)) / WAD
  return mark >= entry === isLong ? value : -value
}
