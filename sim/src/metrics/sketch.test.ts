import { expect, test } from 'vitest'
import { createRng } from '../random/rng.ts'
import { QuantileSketch } from './sketch.ts'

const values = (() => {
  const rng = createRng({ seed: 3, scenario: 'test', replication: 0, agent: 'test', stream: 'sketch' })
  return Array.from({ length: 20_000 }, (_, i) => (i % 10 === 0 ? 0 : rng.normal() * 1000))
})()

const exact = (q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.ceil(q * sorted.length) - 1] as number
}

test.each([0.05, 0.5, 0.95])('the %s quantile is within 0.5%% of the exact one', (q) => {
  const sketch = new QuantileSketch()
  for (const value of values) sketch.add(value)
  const estimate = sketch.quantile(q) as number
  expect(Math.abs(estimate - exact(q))).toBeLessThanOrEqual(Math.abs(exact(q)) * 0.005 + 1e-9)
})

test('merging halves in either order gives the same sketch as one pass', () => {
  const whole = new QuantileSketch()
  const left = new QuantileSketch()
  const right = new QuantileSketch()
  values.forEach((value, i) => {
    whole.add(value)
    ;(i < 7_000 ? left : right).add(value)
  })
  const a = new QuantileSketch()
  a.merge(left.toData())
  a.merge(right.toData())
  const b = new QuantileSketch()
  b.merge(right.toData())
  b.merge(left.toData())
  expect(a.toData()).toEqual(whole.toData())
  expect(b.toData()).toEqual(whole.toData())
})

test('an empty sketch has no quantile', () => {
  expect(new QuantileSketch().quantile(0.5)).toBeUndefined()
})
