import type { MarginIntent } from '@xmargin/intents'
import type { Address } from 'viem'
import { IntentRejectedError, type SolverErrorCode } from '../../errors.ts'
import type { NetworkView } from './networkView.ts'

/**
 * Checks an intent's terms against what the network offers: both chains known, the settlers the
 * network's own vault and engine, the route, market and collateral on offer, and still open.
 * Throws an IntentRejectedError naming the field (paths relative to the intent); pure.
 */
export function checkIntentTerms(intent: MarginIntent, network: NetworkView, nowSeconds: number): void {
  const order = intent.orderData
  const origin = network.chains.get(Number(intent.originChainId))
  if (origin === undefined) {
    reject('UNKNOWN_CHAIN', 'originChainId', `chain ${intent.originChainId} is not in the network`)
  }
  const destination = network.chains.get(Number(order.destinationChainId))
  if (destination === undefined) {
    reject(
      'UNKNOWN_CHAIN',
      'orderData.destinationChainId',
      `chain ${order.destinationChainId} is not in the network`,
    )
  }
  if (!sameAddress(origin.vault, intent.originSettler)) {
    reject('UNKNOWN_SETTLER', 'originSettler', 'not the vault of the origin chain')
  }
  if (!sameAddress(destination.engine, order.destinationSettler)) {
    reject('UNKNOWN_SETTLER', 'orderData.destinationSettler', 'not the engine of the destination chain')
  }
  if (!network.routes.has(order.route)) {
    reject('UNKNOWN_ROUTE', 'orderData.route', `route ${order.route} is not offered`)
  }
  if (!network.markets.has(order.market)) {
    reject('UNKNOWN_MARKET', 'orderData.market', `market ${order.market} is not listed`)
  }
  const tokens = network.collaterals.get(Number(intent.originChainId))
  if (tokens === undefined || !tokens.has(order.collateralToken.toLowerCase() as Address)) {
    reject('INVALID_FIELD', 'orderData.collateralToken', 'not a collateral accepted on the origin chain')
  }
  if (nowSeconds > intent.openDeadline) {
    reject('EXPIRED', 'openDeadline', `deadline ${intent.openDeadline} has passed (now ${nowSeconds})`, {
      expiredForSeconds: nowSeconds - intent.openDeadline,
    })
  }
}

function reject(
  code: SolverErrorCode,
  field: string,
  rule: string,
  details?: Record<string, unknown>,
): never {
  throw new IntentRejectedError(code, `${field}: ${rule}`, {
    field,
    ...(details === undefined ? {} : { details }),
  })
}

function sameAddress(expected: Address | undefined, actual: Address): boolean {
  return expected !== undefined && expected.toLowerCase() === actual.toLowerCase()
}
