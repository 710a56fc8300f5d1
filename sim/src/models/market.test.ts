import { expect, test } from 'vitest'
import { createRng } from '../random/rng.ts'
import { baseline } from '../scenarios/baseline.ts'
import { MarketPath } from './market.ts'

const path = () =>
  new MarketPath(
    baseline.market,
    createRng({ seed: 1, scenario: 'test', replication: 0, agent: 'market', stream: 'path' }),
  )

test('the oracle reads the market one lag behind', () => {
  const market = path()
  expect(market.oracleAt(100_400)).toBe(market.priceAt(99_000))
})

test('the breach scan finds the same first breach as checking every tick', () => {
  const market = path()
  const threshold = market.priceAt(0) * 0.97
  const found = market.firstBreach(0, 3_600_000, threshold, -1)
  let expected: number | undefined
  for (let t = 0; t <= 3_600_000 && expected === undefined; t += 1_000) {
    if (market.oracleAt(t) <= threshold) expected = t
  }
  expect(found).toBe(expected)
})

test('log returns have the configured annual volatility', () => {
  const market = new MarketPath(
    { ...baseline.market, jumpsPerDay: 0 },
    createRng({ seed: 2, scenario: 'test', replication: 0, agent: 'market', stream: 'path' }),
  )
  const n = 20_000
  let sumSquares = 0
  for (let k = 1; k <= n; k++)
    sumSquares += Math.log(market.priceAt(k * 1000) / market.priceAt((k - 1) * 1000)) ** 2
  const annualised = Math.sqrt((sumSquares / n) * (365.25 * 86_400))
  expect(Math.abs(annualised - 0.6)).toBeLessThan(4 * 0.6 * Math.sqrt(1 / (2 * n)))
})
