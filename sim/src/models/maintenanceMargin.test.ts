import { expect, test } from 'vitest'
import { baseline } from '../scenarios/baseline.ts'
import { maintenanceMargin } from './maintenanceMargin.ts'

const parameters = { risk: baseline.risk, sigmaAnnual: 0.6, detectMs: 1_400, messageMs: 0 }
const buffer = (messageMs: number) =>
  maintenanceMargin({ ...parameters, messageMs }) - maintenanceMargin({ ...parameters, sigmaAnnual: 0 })

test('the latency buffer grows with the square root of the exposure time', () => {
  // Exposure: detect 1.4 s + exec 2 s + message + seize 2 s. 5.4 s → 21.6 s doubles the buffer.
  expect(buffer(16_200) / buffer(0)).toBeCloseTo(2, 10)
})

test('a fixed rule ignores latency and volatility', () => {
  const risk = { ...baseline.risk, marginRule: 'fixed' as const, fixedBufferBps: 100 }
  const fixed = maintenanceMargin({ ...parameters, risk })
  expect(maintenanceMargin({ ...parameters, risk, messageMs: 1e9, sigmaAnnual: 5 })).toBe(fixed)
  expect(fixed).toBeCloseTo(0.005 + 0.01 + 0.005, 12)
})
