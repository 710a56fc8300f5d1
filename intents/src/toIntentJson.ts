import { getAddress } from 'viem'
import type { IntentDocument } from './decodeIntent.ts'
import type { MarginIntent } from './types.ts'

/** The canonical JSON value of an intent document (fixed key order, uint256 as decimal strings). */
export type IntentJson = {
  order: {
    originSettler: string
    user: string
    nonce: string
    originChainId: string
    openDeadline: number
    fillDeadline: number
    orderData: {
      collateralToken: string
      collateralAmount: string
      destinationChainId: string
      destinationSettler: string
      recipient: string
      market: string
      isLong: boolean
      size: string
      limitPrice: string
      maxLeverageBps: number
      fee: { startBps: number; maxBps: number; startTime: number; endTime: number }
      route: string
    }
  }
  signature?: string
}

/**
 * Canonical JSON form: keys in type order, uint256 values as decimal strings, small integers as
 * numbers, addresses EIP-55 checksummed, signature lowercase hex. Equal intents give equal text.
 */
export function toIntentJson(document: IntentDocument): IntentJson {
  const order = orderJson(document.order)
  return document.signature === undefined ? { order } : { order, signature: document.signature.toLowerCase() }
}

function orderJson(intent: MarginIntent): IntentJson['order'] {
  const data = intent.orderData
  return {
    originSettler: getAddress(intent.originSettler),
    user: getAddress(intent.user),
    nonce: intent.nonce.toString(),
    originChainId: intent.originChainId.toString(),
    openDeadline: intent.openDeadline,
    fillDeadline: intent.fillDeadline,
    orderData: {
      collateralToken: getAddress(data.collateralToken),
      collateralAmount: data.collateralAmount.toString(),
      destinationChainId: data.destinationChainId.toString(),
      destinationSettler: getAddress(data.destinationSettler),
      recipient: getAddress(data.recipient),
      market: data.market,
      isLong: data.isLong,
      size: data.size.toString(),
      limitPrice: data.limitPrice.toString(),
      maxLeverageBps: data.maxLeverageBps,
      fee: {
        startBps: data.fee.startBps,
        maxBps: data.fee.maxBps,
        startTime: data.fee.startTime,
        endTime: data.fee.endTime,
      },
      route: data.route,
    },
  }
}
