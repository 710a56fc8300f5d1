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

/**
 * How the gossip validator answers an intake failure: `reject` (the message breaks a rule; the sender
 * loses peer score) or `ignore` (drop without penalty). Unknown errors are ignored.
 */
export function gossipVerdictOf(error: unknown): GossipVerdict {
  if (error instanceof IntentError) return 'reject'
  if (!(error instanceof SolverError)) return 'ignore'
  return IGNORED.has(error.code) ? 'ignore' : 'reject'
}
