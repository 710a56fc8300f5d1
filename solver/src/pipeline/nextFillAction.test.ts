import type { MarginIntent } from '@xmargin/intents'
import { type Address, zeroAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { nextFillAction } from './nextFillAction.ts'
import type { OrderState } from './readOrderState.ts'

const self: Address = '0x70997970C51812dc3A048cab80e4c4c4a5D9aC1a'
const other: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const intent = { openDeadline: 1_000, fillDeadline: 2_000 } as MarginIntent

function state(changes: {
  escrow?: Partial<OrderState['escrow']>
  position?: Partial<OrderState['position']>
  now?: number
}): OrderState {
  return {
    escrow: { status: 'None', opener: zeroAddress, ...changes.escrow },
    position: { status: 'None', filler: zeroAddress, remoteBacked: false, front: 0n, ...changes.position },
    originNow: changes.now ?? 900,
    destinationNow: changes.now ?? 900,
  }
}
const decide = (s: OrderState, nowSeconds = 0) => nextFillAction({ state: s, intent, self, nowSeconds })

describe('nextFillAction', () => {
  test('opens an unopened order before its open deadline, by the later of chain time and the clock', () => {
    expect(decide(state({}))).toEqual({ kind: 'open' })
    expect(decide(state({}), 1_001)).toMatchObject({
      kind: 'abandon',
      reason: 'open deadline 1000 passed (now 1001)',
    })
  })

  test('fills only an order this solver opened, until the fill deadline', () => {
    expect(decide(state({ escrow: { status: 'Open', opener: self.toLowerCase() as Address } }))).toEqual({
      kind: 'fill',
    })
    expect(decide(state({ escrow: { status: 'Open', opener: other } }))).toEqual({
      kind: 'abandon',
      reason: `opened by ${other}`,
    })
    expect(decide(state({ escrow: { status: 'Open', opener: self }, now: 2_001 }))).toMatchObject({
      kind: 'abandon',
      reason: 'fill deadline 2000 passed (now 2001)',
    })
    expect(decide(state({ escrow: { status: 'Refunded', opener: self } }))).toMatchObject({ kind: 'abandon' })
  })

  test('a position on the destination ends the fill: ours is filled, then settled; another’s or an expiry abandons', () => {
    const ours = { status: 'Open', filler: self } as const
    expect(decide(state({ escrow: { status: 'Open', opener: self }, position: ours }))).toEqual({
      kind: 'filled',
    })
    expect(
      decide(
        state({ escrow: { status: 'Filled', opener: self }, position: { ...ours, remoteBacked: true } }),
      ),
    ).toEqual({ kind: 'settled' })
    expect(decide(state({ position: { status: 'Open', filler: other } }))).toEqual({
      kind: 'abandon',
      reason: `filled by ${other}`,
    })
    expect(decide(state({ position: { status: 'Expired' } }))).toMatchObject({ kind: 'abandon' })
  })
})
