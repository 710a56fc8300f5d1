// Validation against auction theory: the claim that makes the simulator's other numbers worth trusting.
// Scenario `textbook`: n solver costs i.i.d. U[0,1] per intent (0…10,000 bps), equilibrium bidding.
// Every assertion allows about four standard errors of the estimate, with the seed fixed.
import { describe, expect, test } from 'vitest'
import { getMechanism, MECHANISM_NAMES } from '../mechanisms/registry.ts'
import { textbook } from '../scenarios/textbook.ts'
import type { Scenario } from '../scenarios/types.ts'
import { simulate } from './simulate.ts'

const INTENTS = 20_000
const SOLVER_COUNTS = [2, 5, 10]

function feeStats(name: string, scenario: Scenario) {
  const { metrics } = simulate({
    scenario,
    mechanism: getMechanism(name),
    seed: 2024,
    replication: 0,
    gridPoint: 0,
  })
  const fee = metrics.fee_paid
  // Fees in fractions of the full range, as the theorem states them.
  return { fill: metrics.fill_rate.value, n: fee.n, mean: fee.value / 10_000, sd: fee.sd / 10_000 }
}

const world = (solvers: number, overrides: Partial<Scenario['chains']> = {}): Scenario => ({
  ...textbook,
  intents: INTENTS,
  solvers,
  chains: { ...textbook.chains, ...overrides },
})

describe.each(SOLVER_COUNTS)('textbook, n = %i solvers', (n) => {
  test.each(MECHANISM_NAMES)('revenue equivalence: %s collects 2/(n+1) on average', (name) => {
    const stats = feeStats(name, world(n))
    expect(stats.fill).toBe(1)
    const standardError = stats.sd / Math.sqrt(stats.n)
    expect(Math.abs(stats.mean - 2 / (n + 1))).toBeLessThan(4 * standardError)
  })

  test('first-price has the lower variance, and both variances are the theoretical ones', () => {
    const first = feeStats('first-price', world(n))
    const second = feeStats('second-price', world(n))
    // Winner's cost c₁ ~ Beta(1, n): first-price pays c₁ + (1 − c₁)/n, second-price pays c₂ ~ Beta(2, n − 1).
    const varianceC1 = n / ((n + 1) ** 2 * (n + 2))
    const expected = {
      first: ((n - 1) / n) ** 2 * varianceC1,
      second: (2 * (n - 1)) / ((n + 1) ** 2 * (n + 2)),
    }
    // Normal-theory standard error of a sample variance, s²·√(2/(N−1)): conservative for these
    // light-tailed distributions.
    const se = (variance: number) => variance * Math.sqrt(2 / (INTENTS - 1))
    expect(Math.abs(first.sd ** 2 - expected.first)).toBeLessThan(4 * se(expected.first))
    expect(Math.abs(second.sd ** 2 - expected.second)).toBeLessThan(4 * se(expected.second))
    expect(second.sd ** 2 - first.sd ** 2).toBeGreaterThan(
      4 * Math.hypot(se(expected.first), se(expected.second)),
    )
  })
})

test('per-block Dutch decay converges to first-price as blocks shorten (n = 5)', () => {
  const n = 5
  const firstPrice = feeStats('first-price', world(n))
  // The 10,000 s schedule in about 4, 20, 200 and 10,000 blocks.
  const gaps = [2_500_000, 500_000, 50_000, 1_000].map((blockMs) => {
    const perBlock = feeStats('per-block-dutch', world(n, { destinationBlockMs: blockMs }))
    const se = Math.hypot(perBlock.sd, firstPrice.sd) / Math.sqrt(INTENTS)
    return { gap: perBlock.mean - firstPrice.mean, se }
  })
  // Coarse blocks overpay by a clear margin: the fee jumps past the winner's quote by up to one step.
  const [coarse] = gaps
  expect(coarse?.gap).toBeGreaterThan(4 * (coarse?.se ?? 0))
  for (let i = 1; i < gaps.length; i++) expect(gaps[i]?.gap).toBeLessThan(gaps[i - 1]?.gap as number)
  const finest = gaps.at(-1) as { gap: number; se: number }
  expect(Math.abs(finest.gap)).toBeLessThan(4 * finest.se)
})
