import type { IntentError } from '../errors.ts'
import { readAddress, readObject, readString, readUint, readUint256 } from '../internal/schema.ts'
import { keysOf, readInt256, readSignature } from './internal/schema.ts'
import type {
  AttachedTrade,
  DepositIntent,
  DepositIntentDocument,
  DepositOrder,
  FeeSchedule,
} from './types.ts'
import { validateDepositIntent } from './validateDepositIntent.ts'

export type DecodeDepositIntentReturnType = DepositIntentDocument
/** Codec errors (`MISSING_FIELD`, `UNKNOWN_FIELD`, `INVALID_FIELD`) and every {@link validateDepositIntent} error. */
export type DecodeDepositIntentErrorType = IntentError

/**
 * Reads a deposit intent document from a parsed JSON value (`{ "order": …, "signature"?: "0x…" }`):
 * strict types, unknown fields refused, then every rule of {@link validateDepositIntent}. Errors name
 * the field path.
 */
export function decodeDepositIntent(value: unknown): DecodeDepositIntentReturnType {
  const document = readObject(value, '', keysOf(value, ['order'], ['signature']))
  const order = readOrder(document.order)
  validateDepositIntent(order)
  if (document.signature === undefined) return { order }
  return { order, signature: readSignature(document, '', 'signature') }
}

function readOrder(value: unknown): DepositIntent {
  const path = 'order'
  const order = readObject(value, path, [
    'originSettler',
    'user',
    'nonce',
    'originChainId',
    'openDeadline',
    'fillDeadline',
    'orderData',
  ])
  return {
    originSettler: readAddress(order, path, 'originSettler'),
    user: readAddress(order, path, 'user'),
    nonce: readUint256(order, path, 'nonce'),
    originChainId: readUint256(order, path, 'originChainId'),
    openDeadline: readUint(order, path, 'openDeadline', 32),
    fillDeadline: readUint(order, path, 'fillDeadline', 32),
    orderData: readDepositOrder(order.orderData),
  }
}

function readDepositOrder(value: unknown): DepositOrder {
  const path = 'order.orderData'
  const order = readObject(value, path, [
    'token',
    'amount',
    'destinationChainId',
    'engine',
    'account',
    'route',
    'fee',
    'trade',
  ])
  return {
    token: readAddress(order, path, 'token'),
    amount: readUint256(order, path, 'amount'),
    destinationChainId: readUint256(order, path, 'destinationChainId'),
    engine: readAddress(order, path, 'engine'),
    account: readAddress(order, path, 'account'),
    route: readString(order, path, 'route', 32),
    fee: readFee(order.fee),
    trade: readAttachedTrade(order.trade),
  }
}

function readFee(value: unknown): FeeSchedule {
  const path = 'order.orderData.fee'
  const fee = readObject(value, path, ['startBps', 'maxBps', 'startTime', 'endTime'])
  return {
    startBps: readUint(fee, path, 'startBps', 16),
    maxBps: readUint(fee, path, 'maxBps', 16),
    startTime: readUint(fee, path, 'startTime', 32),
    endTime: readUint(fee, path, 'endTime', 32),
  }
}

function readAttachedTrade(value: unknown): AttachedTrade {
  const path = 'order.orderData.trade'
  const trade = readObject(value, path, ['market', 'sizeDelta', 'limitPrice', 'maxLeverageBps'])
  return {
    market: readString(trade, path, 'market', 32),
    sizeDelta: readInt256(trade, path, 'sizeDelta'),
    limitPrice: readUint256(trade, path, 'limitPrice'),
    maxLeverageBps: readUint(trade, path, 'maxLeverageBps', 32),
  }
}
