import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { arbitraryDepositIntent } from '../../testing/v2/arbitrary.ts'
import { NO_TRADE, sampleDeposit } from '../../testing/v2/samples.ts'
import { IntentError } from '../errors.ts'
import type { AttachedTrade, DepositIntent, DepositOrder, FeeSchedule } from './types.ts'
import { validateDepositIntent } from './validateDepositIntent.ts'

const base = sampleDeposit()

function failure(run: () => unknown): { code: string; field: string | undefined; message: string } | 'ok' {
  try {
    run()
  } catch (error) {
    if (error instanceof IntentError) return { code: error.code, field: error.field, message: error.message }
    throw error
  }
  return 'ok'
}

const withData = (patch: Partial<DepositOrder>): DepositIntent => ({
  ...base,
  orderData: { ...base.orderData, ...patch },
})
const withFee = (patch: Partial<FeeSchedule>) => withData({ fee: { ...base.orderData.fee, ...patch } })
const withTrade = (patch: Partial<AttachedTrade>) =>
  withData({ trade: { ...base.orderData.trade, ...patch } })
const noTradeWith = (patch: Partial<AttachedTrade>) => withData({ trade: { ...NO_TRADE, ...patch } })

describe('validateDepositIntent', () => {
  test('accepts a deposit with a long, a short or no attached trade', () => {
    expect(failure(() => validateDepositIntent(base))).toBe('ok')
    expect(failure(() => validateDepositIntent(withTrade({ sizeDelta: -1n })))).toBe('ok')
    expect(failure(() => validateDepositIntent(withData({ trade: NO_TRADE })))).toBe('ok')
  })

  test('accepts every intent the generator makes', () => {
    fc.assert(
      fc.property(arbitraryDepositIntent, (intent) => failure(() => validateDepositIntent(intent)) === 'ok'),
      { numRuns: 500, seed: 31 },
    )
  })

  test.each([
    [
      'the same chain twice',
      withData({ destinationChainId: base.originChainId }),
      'SAME_CHAIN',
      'order.orderData.destinationChainId',
    ],
    [
      'open after the fill deadline',
      { ...base, openDeadline: base.fillDeadline + 1 },
      'DEADLINE_ORDER',
      'order.openDeadline',
    ],
    ['a zero amount', withData({ amount: 0n }), 'INVALID_FIELD', 'order.orderData.amount'],
    ['an amount past uint256', withData({ amount: 2n ** 256n }), 'INVALID_FIELD', 'order.orderData.amount'],
    [
      'the zero engine',
      withData({ engine: `0x${'00'.repeat(20)}` }),
      'INVALID_FIELD',
      'order.orderData.engine',
    ],
    [
      'a bad account checksum',
      withData({ account: '0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266' }),
      'INVALID_FIELD',
      'order.orderData.account',
    ],
    [
      'another account than the signer',
      withData({ account: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' }),
      'INVALID_FIELD',
      'order.orderData.account',
    ],
    ['an unknown route form', withData({ route: 'Hyperlane' }), 'INVALID_FIELD', 'order.orderData.route'],
    ['chain id 0', { ...base, originChainId: 0n }, 'INVALID_FIELD', 'order.originChainId'],
    [
      'a fee schedule ending after the fill deadline',
      withFee({ endTime: base.fillDeadline + 1 }),
      'FEE_SCHEDULE',
      'order.orderData.fee.endTime',
    ],
    ['a falling fee', withFee({ startBps: 31 }), 'FEE_SCHEDULE', 'order.orderData.fee.startBps'],
    ['a fee above 100%', withFee({ maxBps: 10_001 }), 'INVALID_FIELD', 'order.orderData.fee.maxBps'],
    [
      'a schedule ending before it starts',
      withFee({ startTime: 1_800_000_121 }),
      'FEE_SCHEDULE',
      'order.orderData.fee.startTime',
    ],
    [
      'no trade with a market',
      noTradeWith({ market: 'ETH-USD' }),
      'INVALID_FIELD',
      'order.orderData.trade.market',
    ],
    [
      'no trade with a limit price',
      noTradeWith({ limitPrice: 1n }),
      'INVALID_FIELD',
      'order.orderData.trade.limitPrice',
    ],
    [
      'no trade with a leverage cap',
      noTradeWith({ maxLeverageBps: 10_000 }),
      'INVALID_FIELD',
      'order.orderData.trade.maxLeverageBps',
    ],
    ['a trade without a market', withTrade({ market: '' }), 'INVALID_FIELD', 'order.orderData.trade.market'],
    ['a lowercase market', withTrade({ market: 'eth-usd' }), 'INVALID_FIELD', 'order.orderData.trade.market'],
    [
      'a trade without a limit price',
      withTrade({ limitPrice: 0n }),
      'INVALID_FIELD',
      'order.orderData.trade.limitPrice',
    ],
    [
      'leverage below 1×',
      withTrade({ maxLeverageBps: 9_999 }),
      'INVALID_FIELD',
      'order.orderData.trade.maxLeverageBps',
    ],
    [
      'leverage above 100×',
      withTrade({ maxLeverageBps: 1_000_001 }),
      'INVALID_FIELD',
      'order.orderData.trade.maxLeverageBps',
    ],
    [
      'a size past int256',
      withTrade({ sizeDelta: 2n ** 255n }),
      'INVALID_FIELD',
      'order.orderData.trade.sizeDelta',
    ],
    [
      'a size below int256',
      withTrade({ sizeDelta: -(2n ** 255n) - 1n }),
      'INVALID_FIELD',
      'order.orderData.trade.sizeDelta',
    ],
  ])('names the rule for %s', (_case, intent, code, field) => {
    const error = failure(() => validateDepositIntent(intent))
    expect(error).toMatchObject({ code, field })
    if (error !== 'ok') expect(error.message.startsWith(`${field}:`) || code === 'DEADLINE_ORDER').toBe(true)
  })

  test('says why a no-trade deposit must carry zeros', () => {
    expect(failure(() => validateDepositIntent(noTradeWith({ market: 'ETH-USD' })))).toMatchObject({
      message: 'order.orderData.trade.market: expected "" when sizeDelta is 0 (no trade)',
    })
  })

  test.each([
    ['an expired open deadline', { now: base.openDeadline + 1 }, 'EXPIRED', 'order.openDeadline'],
    ['another origin chain', { originChainId: 1n }, 'WRONG_CHAIN', 'order.originChainId'],
    ['another vault', { originSettler: base.orderData.engine }, 'WRONG_CHAIN', 'order.originSettler'],
  ])('with options, rejects %s', (_case, options, code, field) => {
    expect(failure(() => validateDepositIntent(base, options))).toMatchObject({ code, field })
  })

  test('int256 edges are valid sizes', () => {
    expect(failure(() => validateDepositIntent(withTrade({ sizeDelta: -(2n ** 255n) })))).toBe('ok')
    expect(failure(() => validateDepositIntent(withTrade({ sizeDelta: 2n ** 255n - 1n })))).toBe('ok')
  })
})
