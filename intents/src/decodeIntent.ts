import type { IntentError } from './errors.ts'
import {
  type JsonObject,
  readAddress,
  readBoolean,
  readHex,
  readObject,
  readString,
  readUint,
  readUint256,
} from './internal/schema.ts'
import type { FeeSchedule, MarginIntent, MarginOrder } from './types.ts'
import { validateIntent } from './validateIntent.ts'

/** An intent document: the order, signed or not yet. */
export type IntentDocument = { order: MarginIntent; signature?: `0x${string}` }

/** Codec errors (`MISSING_FIELD`, `UNKNOWN_FIELD`, `INVALID_FIELD`) and every {@link validateIntent} error. */
export type DecodeIntentErrorType = IntentError

/**
 * Reads an intent document from a parsed JSON value (`{ "order": …, "signature"?: "0x…" }`): strict
 * types, unknown fields rejected, then every rule of {@link validateIntent}. Errors name the field path.
 */
export function decodeIntent(value: unknown): IntentDocument {
  const document = readObject(value, '', keysOf(value, ['order'], ['signature']))
  const order = readOrder(document.order)
  validateIntent(order)
  if (document.signature === undefined) return { order }
  return { order, signature: readHex(document, '', 'signature', 65) }
}

function readOrder(value: unknown): MarginIntent {
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
    orderData: readMarginOrder(order.orderData),
  }
}

function readMarginOrder(value: unknown): MarginOrder {
  const path = 'order.orderData'
  const order = readObject(value, path, [
    'collateralToken',
    'collateralAmount',
    'destinationChainId',
    'destinationSettler',
    'recipient',
    'market',
    'isLong',
    'size',
    'limitPrice',
    'maxLeverageBps',
    'fee',
    'route',
  ])
  return {
    collateralToken: readAddress(order, path, 'collateralToken'),
    collateralAmount: readUint256(order, path, 'collateralAmount'),
    destinationChainId: readUint256(order, path, 'destinationChainId'),
    destinationSettler: readAddress(order, path, 'destinationSettler'),
    recipient: readAddress(order, path, 'recipient'),
    market: readString(order, path, 'market', 32),
    isLong: readBoolean(order, path, 'isLong'),
    size: readUint256(order, path, 'size'),
    limitPrice: readUint256(order, path, 'limitPrice'),
    maxLeverageBps: readUint(order, path, 'maxLeverageBps', 32),
    fee: readFee(order.fee),
    route: readString(order, path, 'route', 32),
  }
}

function readFee(value: unknown): FeeSchedule {
  const path = 'order.orderData.fee'
  const fee: JsonObject = readObject(value, path, ['startBps', 'maxBps', 'startTime', 'endTime'])
  return {
    startBps: readUint(fee, path, 'startBps', 16),
    maxBps: readUint(fee, path, 'maxBps', 16),
    startTime: readUint(fee, path, 'startTime', 32),
    endTime: readUint(fee, path, 'endTime', 32),
  }
}

/** The keys a document may have: the required ones, plus optional ones only where present. */
function keysOf(value: unknown, required: string[], optional: string[]): string[] {
  if (typeof value !== 'object' || value === null) return required
  return [...required, ...optional.filter((key) => key in value)]
}
