import { describe, expect, test } from 'vitest'
import { orderStatusOf } from './orderStatusOf.ts'
import type { TimelineKind } from './timeline.ts'

const statusOf = (...kinds: TimelineKind[]) => orderStatusOf({ timeline: kinds.map((kind) => ({ kind })) })

describe('the status of an order on this node', () => {
  test.each([
    ['refunded', 'expired'],
    ['filled', 'opened'],
    ['closed', 'fee-paid'],
    ['liquidated', 'fee-paid'],
    ['released', 'withdrawal-requested'],
    ['seized', 'debt-settled'],
  ] as const)('is %s whether the watcher reported %s before or after it', (further, earlier) => {
    expect(statusOf('received', 'bid', 'won', earlier, further)).toBe(further)
    expect(statusOf('received', 'bid', 'won', further, earlier)).toBe(further)
  })

  test('an unfilled open is refunded once the vault says so, even when the destination expiry arrives last', () => {
    expect(statusOf('received', 'opened', 'expired')).toBe('expired')
    expect(statusOf('received', 'opened', 'expired', 'refunded')).toBe('refunded')
    expect(statusOf('received', 'opened', 'refunded', 'expired')).toBe('refunded')
  })

  test('within one stage the latest entry counts: the auction moves on after a fade', () => {
    expect(statusOf('received', 'bid', 'won', 'faded')).toBe('faded')
    expect(statusOf('received', 'bid', 'won', 'faded', 'won')).toBe('won')
    expect(statusOf('received', 'bid', 'won', 'failed')).toBe('failed')
  })

  test('a lapse is not undone by a late failure, and an open beats this node calling it lapsed', () => {
    expect(statusOf('received', 'bid', 'won', 'lapsed', 'failed')).toBe('lapsed')
    expect(statusOf('received', 'bid', 'lapsed', 'opened')).toBe('opened')
    expect(statusOf('received', 'bid', 'opened', 'lapsed')).toBe('opened')
  })

  test('is the latest entry when the timeline arrived in lifecycle order, and undefined when empty', () => {
    expect(statusOf('received', 'bid', 'won', 'opened', 'backed', 'filled', 'fee-paid')).toBe('fee-paid')
    expect(statusOf()).toBeUndefined()
  })
})
