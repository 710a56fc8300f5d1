import { expect, test } from 'vitest'
import { createRng } from '../random/rng.ts'
import { Route } from './route.ts'

const rng = (stream: string) =>
  createRng({ seed: 1, scenario: 'test', replication: 0, agent: 'route', stream })

test('without outages a message takes the median latency when sigma is 0', () => {
  const route = new Route(
    { latencyMedianMs: 1_500, latencySigma: 0, outagesPerDay: 0, outageMeanS: 0 },
    rng('latency'),
    rng('outages'),
  )
  expect(route.deliveryTime(10_000)).toBe(11_500)
})

test('outages delay messages: frequent long outages raise the mean delivery delay', () => {
  const model = { latencyMedianMs: 1_000, latencySigma: 0, outagesPerDay: 24, outageMeanS: 1_800 }
  const route = new Route(model, rng('latency'), rng('outages'))
  let delay = 0
  const n = 2_000
  for (let i = 0; i < n; i++) delay += route.deliveryTime(i * 60_000) - i * 60_000
  // Down about a third of the time (24 × 30 min a day, less overlap), waiting ~15 min on average then.
  expect(delay / n).toBeGreaterThan(60_000)
})
