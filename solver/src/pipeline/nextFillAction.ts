import type { MarginIntent } from '@xmargin/intents'
import type { Address } from 'viem'
import type { OrderState } from './readOrderState.ts'

/** What the pipeline does next for an order, decided from chain state alone (no I/O here). */
export type FillAction =
  | { kind: 'open' }
  | { kind: 'fill' }
  | { kind: 'filled' } // our position is open; waiting for the messages that settle it
  | { kind: 'settled' } // fee paid on the origin and the position backed on the destination
  | { kind: 'abandon'; reason: string }

export type NextFillActionParameters = {
  state: OrderState
  intent: MarginIntent
  /** This solver's address (opener and filler). */
  self: Address
  /** The node's clock, unix seconds; the later of it and each chain's latest block is used. */
  nowSeconds: number
}

/**
 * The next step of this solver's fill of an order. Open first, fill once the open is ours: filling
 * before opening would hand the trader a free option (fill, then let the open lapse if the price
 * turns). Chain state, not the job's record, decides, so a restarted node never sends a step twice.
 */
export function nextFillAction({ state, intent, self, nowSeconds }: NextFillActionParameters): FillAction {
  const { escrow, position } = state
  const mine = (address: Address) => address.toLowerCase() === self.toLowerCase()

  if (position.status === 'Expired') return { kind: 'abandon', reason: 'expired on the destination' }
  if (position.status !== 'None') {
    if (!mine(position.filler)) return { kind: 'abandon', reason: `filled by ${position.filler}` }
    return escrow.status === 'Filled' && position.remoteBacked ? { kind: 'settled' } : { kind: 'filled' }
  }
  if (escrow.status === 'None') {
    // The next block is at least as late as the latest one, and roughly as late as the clock.
    const originNow = Math.max(state.originNow, nowSeconds)
    if (originNow > intent.openDeadline) {
      return { kind: 'abandon', reason: `open deadline ${intent.openDeadline} passed (now ${originNow})` }
    }
    return { kind: 'open' }
  }
  if (!mine(escrow.opener)) return { kind: 'abandon', reason: `opened by ${escrow.opener}` }
  if (escrow.status === 'Refunded') return { kind: 'abandon', reason: 'refunded on the origin' }
  const destinationNow = Math.max(state.destinationNow, nowSeconds)
  if (destinationNow > intent.fillDeadline) {
    return { kind: 'abandon', reason: `fill deadline ${intent.fillDeadline} passed (now ${destinationNow})` }
  }
  return { kind: 'fill' }
}
