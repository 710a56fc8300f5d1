import { IntentError } from '@xmargin/intents'
import { SolverError, type SolverErrorCode } from '../../errors.ts'

export type GossipVerdict = 'reject' | 'ignore'

// Not the message's fault: the node could not decide (chain down, its own bug) or has seen it before.
// Rejecting would cost an honest forwarder peer score.
const IGNORED: ReadonlySet<SolverErrorCode> = new Set([
  'CHAIN_UNAVAILABLE',
  'DUPLICATE',
  'INTERNAL',
  'RATE_LIMITED',
  'CONFIG',
  'TX_REVERTED',
  'TX_FAILED',
  'NOT_FOUND',
])

// True a moment ago, false now, or the other way round on another node: chain state that moves (the
// trader's own open spends the nonce while the intent is still being gossiped; a transfer moves the
// balance). An honest forwarder may have judged it valid, so it is dropped without penalty.
const STATE_DEPENDENT: ReadonlySet<SolverErrorCode> = new Set([
  'NONCE_USED',
  'INSUFFICIENT_BALANCE',
  'INSUFFICIENT_ALLOWANCE',
])

/**
 * How long after its open deadline an intent is merely late (clocks differ, gossip takes time), not
 * invalid: within it, `ignore`; past it no honest node could still have forwarded it, so `reject`.
 */
export const EXPIRY_TOLERANCE_SECONDS = 60

/**
 * How the gossip validator answers an intake failure: `reject` (the message breaks a rule every node
 * judges alike; the sender loses peer score) or `ignore` (drop without penalty: the node could not
 * decide, or the verdict depends on the clock or on chain state that moves). Unknown errors are ignored.
 */
export function gossipVerdictOf(error: unknown): GossipVerdict {
  if (error instanceof IntentError) return 'reject'
  if (!(error instanceof SolverError)) return 'ignore'
  if (IGNORED.has(error.code) || STATE_DEPENDENT.has(error.code)) return 'ignore'
  if (error.code === 'EXPIRED') {
    const late = error.details.expiredForSeconds
    return typeof late === 'number' && late <= EXPIRY_TOLERANCE_SECONDS ? 'ignore' : 'reject'
  }
  return 'reject'
}
