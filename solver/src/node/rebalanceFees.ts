import { createAcrossFeeModel } from '../infra/across/acrossFees.ts'
import type { Logger } from '../infra/createLogger.ts'

/** What a quote assumes for moving the float back when the Across model cannot be evaluated. */
export const FALLBACK_REBALANCE_BPS = 10

export type RebalanceFees = {
  /** Loads the Across SDK in the background, so the first quote is not 2 s late for its auction. */
  warmUp(): void
  feeBps(amount: bigint): Promise<number>
}

/**
 * The Across fee model behind one more guard: a node whose SDK fails to load or compute still bids,
 * pricing the rebalance conservatively, rather than silently dropping out of every auction.
 */
export function createRebalanceFees(logger: Logger): RebalanceFees {
  const across = createAcrossFeeModel()
  let warned = false
  async function feeBps(amount: bigint): Promise<number> {
    try {
      return await across.rebalanceFeeBps(amount)
    } catch (error) {
      if (!warned)
        logger.warn({ err: error, fallbackBps: FALLBACK_REBALANCE_BPS }, 'Across fee model unavailable')
      warned = true
      return FALLBACK_REBALANCE_BPS
    }
  }
  return {
    warmUp() {
      feeBps(10n ** 6n).catch(() => undefined)
    },
    feeBps,
  }
}
