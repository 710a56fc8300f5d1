import type { Logger } from '../infra/createLogger.ts'
import type { RelayerEvent } from '../infra/hyperlane/createRelayer.ts'
import type { NodeMetrics } from '../infra/metrics.ts'

/** Turns the relayer's events into the node's logs and metrics. */
export function relayEventReporter(logger: Logger, metrics: NodeMetrics): (event: RelayerEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'message:delivered':
        metrics.relayMessage()
        logger.info(
          { id: event.message.id, route: event.route, latencyMs: event.latencyMs },
          'message delivered',
        )
        return
      case 'message:skipped':
        logger.debug({ id: event.message.id, reason: event.reason }, 'message skipped')
        return
      case 'message:lost-race':
        logger.debug(
          { id: event.message.id, txHash: event.transactionHash },
          'lost-race: delivered by another relayer',
        )
        return
      case 'message:failed':
        logger.warn({ err: event.error, id: event.message.id }, 'relay failed')
        return
      case 'relay:error':
        logger.warn({ err: event.error }, 'relay pass failed')
        return
    }
  }
}
