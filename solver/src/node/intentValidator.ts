import type { SignedMarginIntent } from '@xmargin/intents'
import type { Address, Hex } from 'viem'
import { gossipVerdictOf } from '../domain/intake/gossipVerdictOf.ts'
import { type IntakeDeps, intakeIntent } from '../domain/intake/intakeIntent.ts'
import { SolverError } from '../errors.ts'
import type { Logger } from '../infra/createLogger.ts'
import type { NodeMetrics } from '../infra/metrics.ts'
import type { GossipValidator } from '../infra/p2p/createGossipNode.ts'
import type { NodeStore } from '../infra/store/nodeStore.ts'
import { hasCanonicalIntentFrame } from './canonicalIntentFrame.ts'

export type IntentValidatorParameters = {
  store: NodeStore
  intake: IntakeDeps
  metrics: NodeMetrics
  logger: Logger
  /** A new, valid intent: stored already; the node takes it from here (`openedBy`: opened already). */
  accept(orderId: Hex, intent: SignedMarginIntent, openedBy?: Address): void
  /** An intent this node could not judge because a chain did not answer: to be tried again. */
  retryLater?(data: Uint8Array): void
}

/**
 * The gossip validator of `/xmargin/intents/1`: the same intake as HTTP, after a frame check that needs
 * no parsing (canonicalIntentFrame.ts). A known intent is ignored (not forwarded again, nobody
 * penalised); a rule broken is rejected (the sender's score falls); a chain that cannot be read is
 * ignored, since the message may well be valid.
 */
export function createIntentValidator(parameters: IntentValidatorParameters): GossipValidator {
  const { store, metrics, logger } = parameters
  return async (data) => {
    // The cheapest refusal first: a flood of re-encoded copies must not cost a parse each.
    if (!hasCanonicalIntentFrame(data)) {
      metrics.intentReceived('gossip', 'rejected')
      metrics.intentNonCanonical('gossip')
      logger.debug({ bytes: data.length }, 'gossiped intent not in canonical encoding, rejected')
      return 'reject'
    }
    try {
      const result = await intakeIntent(data, parameters.intake)
      if (
        result.known ||
        !store.putIntent({ orderId: result.orderId, intent: result.intent, receivedAtMs: Date.now() })
      ) {
        metrics.intentDuplicate('gossip')
        return 'ignore'
      }
      parameters.accept(result.orderId, result.intent, result.openedBy)
      return 'accept'
    } catch (error) {
      const verdict = gossipVerdictOf(error)
      metrics.intentReceived('gossip', verdict === 'reject' ? 'rejected' : 'ignored')
      if (error instanceof SolverError && error.code === 'NON_CANONICAL') {
        metrics.intentNonCanonical('gossip')
        logger.debug({ ...error.details }, 'gossiped intent not in canonical encoding, rejected')
        return verdict
      }
      if (error instanceof SolverError && error.code === 'CHAIN_UNAVAILABLE') parameters.retryLater?.(data)
      logger.debug({ err: error }, 'gossiped intent not forwarded')
      return verdict
    }
  }
}
