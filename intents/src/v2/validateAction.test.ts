import { describe, expect, test } from 'vitest'
import { domain, ENGINE, sampleTrade, sampleWithdraw } from '../../testing/v2/samples.ts'
import { IntentError } from '../errors.ts'
import type { Action, Trade, Withdraw } from './types.ts'
import { validateAction } from './validateAction.ts'

function failure(run: () => unknown): { code: string; field: string | undefined; message: string } | 'ok' {
  try {
    run()
  } catch (error) {
    if (error instanceof IntentError) return { code: error.code, field: error.field, message: error.message }
    throw error
  }
  return 'ok'
}

const trade = (patch: Partial<Trade> = {}): Action => ({ kind: 'trade', message: sampleTrade(patch) })
const withdraw = (patch: Partial<Withdraw> = {}): Action => ({
  kind: 'withdraw',
  message: sampleWithdraw(patch),
})

describe('validateAction', () => {
  test('accepts an opening and a closing trade, a normal and a fast withdrawal', () => {
    for (const action of [trade({ sizeDelta: 1n }), trade(), withdraw({ maxFastFeeBps: 0 }), withdraw()]) {
      expect(failure(() => validateAction({ action, ...domain }))).toBe('ok')
    }
  })

  test.each([
    ['a zero-size trade', trade({ sizeDelta: 0n }), 'message.sizeDelta'],
    ['a trade without a limit price', trade({ limitPrice: 0n }), 'message.limitPrice'],
    ['a market that is not BASE-QUOTE', trade({ market: 'ETHUSD' }), 'message.market'],
    ['leverage below 1×', trade({ maxLeverageBps: 1 }), 'message.maxLeverageBps'],
    ['a relayer fee past uint256', trade({ maxRelayerFee: 2n ** 256n }), 'message.maxRelayerFee'],
    ['a deadline past uint32', trade({ deadline: 2 ** 32 }), 'message.deadline'],
    ['the zero account', trade({ account: `0x${'00'.repeat(20)}` }), 'message.account'],
    ['a zero withdrawal', withdraw({ amount: 0n }), 'message.amount'],
    ['a fast fee above 100%', withdraw({ maxFastFeeBps: 10_001 }), 'message.maxFastFeeBps'],
    ['origin chain 0', withdraw({ chainId: 0n }), 'message.chainId'],
    ['the zero recipient', withdraw({ to: `0x${'00'.repeat(20)}` }), 'message.to'],
    ['a negative nonce', withdraw({ nonce: -1n }), 'message.nonce'],
  ])('refuses %s, naming the field', (_case, action, field) => {
    const error = failure(() => validateAction({ action, ...domain }))
    expect(error).toMatchObject({ code: 'INVALID_FIELD', field })
  })

  test('refuses an unknown kind', () => {
    const action = { kind: 'transfer', message: sampleWithdraw() } as unknown as Action
    expect(failure(() => validateAction({ action, ...domain }))).toMatchObject({
      code: 'INVALID_FIELD',
      field: 'kind',
    })
  })

  test('refuses a domain with no engine or no chain', () => {
    expect(failure(() => validateAction({ action: trade(), chainId: 0n, engine: ENGINE }))).toMatchObject({
      field: 'chainId',
    })
    expect(
      failure(() => validateAction({ action: trade(), chainId: 1n, engine: `0x${'00'.repeat(20)}` })),
    ).toMatchObject({ field: 'engine' })
  })

  test('with now, refuses an action whose deadline has passed, and accepts one at its deadline', () => {
    const action = trade()
    const { deadline } = action.message
    expect(failure(() => validateAction({ action, ...domain }, { now: deadline }))).toBe('ok')
    expect(failure(() => validateAction({ action, ...domain }, { now: deadline + 1 }))).toEqual({
      code: 'EXPIRED',
      field: 'message.deadline',
      message: `message.deadline: deadline ${deadline} has passed (now ${deadline + 1})`,
    })
  })

  test('with chainId or engine, refuses an action for another engine', () => {
    expect(failure(() => validateAction({ action: trade(), ...domain }, { chainId: 1n }))).toMatchObject({
      code: 'WRONG_CHAIN',
      field: 'chainId',
    })
    expect(
      failure(() => validateAction({ action: trade(), ...domain }, { engine: ENGINE.toLowerCase() })),
    ).toBe('ok')
    expect(
      failure(() => validateAction({ action: trade(), ...domain }, { engine: `0x${'11'.repeat(20)}` })),
    ).toMatchObject({ code: 'WRONG_CHAIN', field: 'engine' })
  })
})
