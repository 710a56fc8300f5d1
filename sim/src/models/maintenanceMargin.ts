import type { RiskModel } from '../scenarios/types.ts'

const MS_PER_YEAR = 365.25 * 86_400_000

export type MaintenanceMarginParameters = {
  risk: RiskModel
  sigmaAnnual: number
  /** The time a breach can go unseen: one oracle tick plus the oracle's lag. */
  detectMs: number
  /** The route's latency that the buffer covers (its p99). */
  messageMs: number
}

/**
 * Maintenance margin as a fraction of notional. `latency-aware` is the protocol's rule (RiskMath.latencyBufferBps on chain): the
 * market's rate + z·σ·√(T_detect + T_exec + T_message + T_seize) + the liquidation fee, so the buffer
 * covers z standard deviations of the move possible before seized collateral lands. `fixed` replaces
 * the latency term by a constant buffer, as every reviewed perp venue does.
 */
export function maintenanceMargin(parameters: MaintenanceMarginParameters): number {
  const { risk, sigmaAnnual, detectMs, messageMs } = parameters
  const fee = risk.liquidationFeeBps / 10_000
  if (risk.marginRule === 'fixed') return risk.maintenanceRate + risk.fixedBufferBps / 10_000 + fee
  const exposureMs = detectMs + risk.execMs + messageMs + risk.seizeMs
  return risk.maintenanceRate + risk.z * sigmaAnnual * Math.sqrt(exposureMs / MS_PER_YEAR) + fee
}
