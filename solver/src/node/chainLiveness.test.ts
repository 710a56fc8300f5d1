import { describe, expect, test } from 'vitest'
import { createChainLiveness } from './chainLiveness.ts'

describe('chain liveness', () => {
  test('answering counts from the first answer after a stall, over every chain', () => {
    const liveness = createChainLiveness({ chainIds: [1, 2], gapMs: 2_000 })
    expect(liveness.view().answeredAtMs).toBe(0)
    liveness.answered(1, 10_000)
    expect(liveness.view().answeredAtMs).toBe(0) // chain 2 has never answered
    liveness.answered(2, 10_100)
    liveness.answered(1, 10_500)
    liveness.answered(2, 10_600)
    expect(liveness.view()).toEqual({ answeredAtMs: 10_500, answeringSinceMs: 10_100 })
    // Chain 2 stalls for 20 s; chain 1 goes on answering.
    liveness.answered(1, 20_000)
    liveness.answered(1, 30_000)
    expect(liveness.view().answeredAtMs).toBe(10_600)
    liveness.answered(2, 30_700)
    expect(liveness.view()).toEqual({ answeredAtMs: 30_000, answeringSinceMs: 30_700 })
  })

  test('an answer from a chain it does not follow changes nothing', () => {
    const liveness = createChainLiveness({ chainIds: [1], gapMs: 2_000 })
    liveness.answered(1, 5_000)
    liveness.answered(9, 9_000)
    expect(liveness.view()).toEqual({ answeredAtMs: 5_000, answeringSinceMs: 5_000 })
  })
})
