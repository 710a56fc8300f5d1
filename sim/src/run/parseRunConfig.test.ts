import { describe, expect, test } from 'vitest'
import { ConfigError, UnknownMechanismError, UnknownScenarioError } from '../errors.ts'
import { parseGridFile, parseRunConfig } from './parseRunConfig.ts'
import { gridPoints, planTasks } from './plan.ts'

describe('parseRunConfig', () => {
  test('defaults: the baseline scenario, every mechanism, one replication, seed 1', () => {
    const config = parseRunConfig({})
    expect(config.scenario.name).toBe('baseline')
    expect(config.mechanisms).toHaveLength(7)
    expect([config.replications, config.seed, config.grid]).toEqual([1, 1, []])
  })

  test('flags override the scenario: solvers and intents', () => {
    const config = parseRunConfig({
      scenario: 'textbook',
      solvers: 3,
      intents: 100,
      mechanisms: 'dutch,fcfs',
    })
    expect([config.scenario.solvers, config.scenario.intents, config.mechanisms]).toEqual([
      3,
      100,
      ['dutch', 'fcfs'],
    ])
  })

  test.each([
    [{ scenario: 'nope' }, UnknownScenarioError, /scenario: unknown scenario "nope" \(known: baseline/],
    [{ mechanisms: 'dutch,vickrey' }, UnknownMechanismError, /mechanism: unknown mechanism "vickrey"/],
    [{ solvers: -3 }, ConfigError, /^solvers: must be a whole number ≥ 1$/],
    [{ intents: 2.5 }, ConfigError, /^intents: must be a whole number ≥ 1$/],
    [{ replications: 0 }, ConfigError, /^replications: must be a whole number ≥ 1$/],
    [{ seed: -1 }, ConfigError, /^seed: must be a whole number ≥ 0$/],
    [{ grid: { 'route.nope': [1] } }, ConfigError, /^grid\.route\.nope: no such scenario field$/],
    [
      { grid: { 'risk.marginRule': ['loose'] } },
      ConfigError,
      /^grid\.risk\.marginRule: must be one of latency-aware, fixed$/,
    ],
    [{ grid: { solvers: [] } }, ConfigError, /^grid\.solvers: must be a non-empty array/],
    [
      { scenario: { extends: 'baseline', route: { latencyMedianMs: -5 } } },
      ConfigError,
      /^scenario\.route\.latencyMedianMs: must not be negative$/,
    ],
    [{ workers: 2 } as never, ConfigError, /^workers: unknown field/],
  ])('bad input %j is refused, naming the field', (request, type, message) => {
    expect(() => parseRunConfig(request)).toThrow(type)
    expect(() => parseRunConfig(request)).toThrow(message)
  })

  test('a grid file that is not JSON names the file', () => {
    expect(() => parseGridFile('{"grid": [', 'grid.json')).toThrow(/^grid\.json: not valid JSON/)
  })
})

describe('planTasks', () => {
  test('the full Cartesian grid × replications × mechanisms, in canonical order', () => {
    const config = parseRunConfig({
      mechanisms: ['dutch', 'first-price'],
      replications: 2,
      grid: { solvers: [2, 5], 'risk.marginRule': ['fixed', 'latency-aware'] },
    })
    const points = gridPoints(config)
    expect(points.map((point) => point.values)).toEqual([
      [2, 'fixed'],
      [2, 'latency-aware'],
      [5, 'fixed'],
      [5, 'latency-aware'],
    ])
    expect(points[3]?.scenario.solvers).toBe(5)
    expect(points[3]?.scenario.risk.marginRule).toBe('latency-aware')
    const tasks = planTasks(config)
    expect(tasks).toHaveLength(16)
    expect(
      tasks.slice(0, 3).map((t) => [t.index, t.gridPoint.index, t.replication, t.mechanism.name]),
    ).toEqual([
      [0, 0, 0, 'dutch'],
      [1, 0, 0, 'first-price'],
      [2, 0, 1, 'dutch'],
    ])
  })
})
