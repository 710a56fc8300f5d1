import { describe, expect, it } from 'vitest'
import { createPeerBudget } from './peerBudget.ts'

function budgetOnClock(burst: number, perSecond: number) {
  let nowMs = 0
  const budget = createPeerBudget({ burst, perSecond, now: () => nowMs })
  return Object.assign(budget, {
    advance(ms: number) {
      nowMs += ms
    },
  })
}

const takeMany = (budget: { take(peer: string): boolean }, peer: string, n: number) =>
  Array.from({ length: n }, () => budget.take(peer)).filter(Boolean).length

describe('createPeerBudget', () => {
  it('allows a burst, then refills at the steady rate', () => {
    const budget = budgetOnClock(10, 2)
    expect(takeMany(budget, 'a', 15)).toBe(10)
    expect(budget.excess('a')).toBe(5)
    budget.advance(1_000)
    expect(takeMany(budget, 'a', 5)).toBe(2)
    budget.advance(60_000)
    expect(takeMany(budget, 'a', 15)).toBe(10)
  })

  it('keeps one account per peer', () => {
    const budget = budgetOnClock(3, 0)
    expect(takeMany(budget, 'a', 5)).toBe(3)
    expect(takeMany(budget, 'b', 5)).toBe(3)
    expect(budget.excess('a')).toBe(2)
    expect(budget.excess('c')).toBe(0)
  })

  it('calls a peer overrun once it has sent more than a whole burst over budget, until that decays', () => {
    const budget = budgetOnClock(10, 0)
    takeMany(budget, 'flooder', 20)
    expect(budget.overrun('flooder')).toBe(false)
    takeMany(budget, 'flooder', 5)
    expect(budget.overrun('flooder')).toBe(true)
    // 15 over budget decays below 10 after ln(10/15) / ln(0.99) ≈ 40 s.
    budget.advance(30_000)
    expect(budget.overrun('flooder')).toBe(true)
    budget.advance(15_000)
    expect(budget.overrun('flooder')).toBe(false)
    expect(budget.overrun('stranger')).toBe(false)
  })

  it('forgets only peers with a full allowance and no excess', () => {
    const budget = budgetOnClock(2, 1)
    budget.take('quiet')
    takeMany(budget, 'flooder', 100)
    budget.advance(5_000)
    budget.prune()
    // The flooder's excess is kept (its score depends on it); the quiet peer starts afresh either way.
    expect(budget.excess('flooder')).toBeGreaterThan(90)
    expect(takeMany(budget, 'quiet', 3)).toBe(2)
  })
})
