import { describe, expect, test } from 'vitest'
import { createRng, type StreamKey } from './rng.ts'

const key: StreamKey = { seed: 7, scenario: 'baseline', replication: 0, agent: 'solver-1', stream: 'cost' }
const draws = (k: StreamKey, count = 5) => {
  const rng = createRng(k)
  return Array.from({ length: count }, () => rng.uniform())
}

describe('createRng', () => {
  test('the same key gives the same draws, to the bit', () => {
    expect(draws(key)).toEqual(draws({ ...key }))
  })

  test('pinned: the first draws of a stream never change between versions', () => {
    expect(draws(key, 3).map((x) => x.toFixed(12))).toMatchInlineSnapshot(`
      [
        "0.513819803863",
        "0.516305237417",
        "0.917930379654",
      ]
    `)
  })

  test.each(['seed', 'scenario', 'replication', 'agent', 'stream'] as const)(
    'changing %s gives a different stream',
    (field) => {
      const other = { ...key, [field]: typeof key[field] === 'number' ? 8 : 'other' }
      expect(draws(other)).not.toEqual(draws(key))
    },
  )

  test('uniform draws have mean 1/2 and normal draws mean 0, variance 1', () => {
    const rng = createRng(key)
    const n = 50_000
    let sum = 0
    let sumNormal = 0
    let sumSquares = 0
    for (let i = 0; i < n; i++) {
      sum += rng.uniform()
      const z = rng.normal()
      sumNormal += z
      sumSquares += z * z
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n))
    expect(Math.abs(sumNormal / n)).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n))
  })
})
