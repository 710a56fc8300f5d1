import { createAcrossFeeModel } from '../infra/across/acrossFees.ts'
import type { Logger } from '../infra/createLogger.ts'

/** What a quote assumes for moving the float back when the Across model cannot be evaluated. */
export const FALLBACK_REBALANCE_BPS = 10

export type RebalanceFees = {
  /**
   * Starts evaluating the Across fee curve (a short-lived process of its own, a few seconds), so the
   * first quotes are priced by it as soon as possible.
   */
  warmUp(): void
  /** Across's fee for moving `amount`, or the fallback while its curve is not evaluated yet. Never waits. */
  feeBps(amount: bigint): number
}

/**
 * The Across fee model behind one more guard: a quote never waits for the fee curve (an auction's bid
 * window is 2 s; evaluating the curve takes seconds), and a node whose curve cannot be evaluated (the
 * SDK fails to load or compute) still bids, pricing the rebalance conservatively, rather than silently
 * dropping out of every auction.
 */
export function createRebalanceFees(logger: Logger): RebalanceFees {
  const across = createAcrossFeeModel()
  let warned = false
  const onFailure = (error: unknown) => {
    if (!warned)
      logger.warn({ err: error, fallbackBps: FALLBACK_REBALANCE_BPS }, 'Across fee model unavailable')
    warned = true
  }
  const feeBps = (amount: bigint) => across.readyFeeBps(amount, onFailure) ?? FALLBACK_REBALANCE_BPS
  return {
    warmUp() {
      feeBps(10n ** 6n)
    },
    feeBps,
  }
}
