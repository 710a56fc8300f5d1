import { getAddress } from 'viem'
import type { DepositIntent, DepositIntentDocument } from './types.ts'

/** The canonical JSON value of a deposit intent document (type order, uint256 and int256 as decimal strings). */
export type DepositIntentJson = {
  order: {
    originSettler: string
    user: string
    nonce: string
    originChainId: string
    openDeadline: number
    fillDeadline: number
    orderData: {
      token: string
      amount: string
      destinationChainId: string
      engine: string
      account: string
      route: string
      fee: { startBps: number; maxBps: number; startTime: number; endTime: number }
      trade: { market: string; sizeDelta: string; limitPrice: string; maxLeverageBps: number }
    }
  }
  signature?: string
}

/**
 * Canonical JSON form: keys in EIP-712 type order, uint256 and int256 as decimal strings (`"-5"` for
 * a short), uint16/uint32 as numbers, addresses EIP-55 checksummed, signature lowercase hex. Equal
 * documents give equal text.
 */
export function toDepositIntentJson(document: DepositIntentDocument): DepositIntentJson {
  const order = orderJson(document.order)
  return document.signature === undefined ? { order } : { order, signature: document.signature.toLowerCase() }
}

function orderJson(intent: DepositIntent): DepositIntentJson['order'] {
  const { fee, trade, ...data } = intent.orderData
  return {
    originSettler: getAddress(intent.originSettler),
    user: getAddress(intent.user),
    nonce: intent.nonce.toString(),
    originChainId: intent.originChainId.toString(),
    openDeadline: intent.openDeadline,
    fillDeadline: intent.fillDeadline,
    orderData: {
      token: getAddress(data.token),
      amount: data.amount.toString(),
      destinationChainId: data.destinationChainId.toString(),
      engine: getAddress(data.engine),
      account: getAddress(data.account),
      route: data.route,
      fee: { startBps: fee.startBps, maxBps: fee.maxBps, startTime: fee.startTime, endTime: fee.endTime },
      trade: {
        market: trade.market,
        sizeDelta: trade.sizeDelta.toString(),
        limitPrice: trade.limitPrice.toString(),
        maxLeverageBps: trade.maxLeverageBps,
      },
    },
  }
}
