import { ConfigError } from '../errors.ts'
import type { Scenario } from './types.ts'

/** Leaves that are names from a closed list. */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  'traders.arrival': ['poisson', 'fixed'],
  'solver.strategy': ['equilibrium', 'truthful'],
  'risk.marginRule': ['latency-aware', 'fixed'],
}
/** Leaves that count things, so must be whole numbers of at least 1. */
const COUNTS = new Set(['intents', 'solvers', 'traders.leverageMax'])
/** Leaves that may be negative (everything else is a size, a time, a rate or a price). */
const SIGNED = new Set(['market.driftAnnual', 'market.jumpMean'])
/** Leaves that must be strictly positive: they divide. */
const POSITIVE = new Set([
  'traders.arrivalRatePerS',
  'traders.notionalMedianUsd',
  'chains.originBlockMs',
  'chains.destinationBlockMs',
  'market.price0',
  'market.tickMs',
  'auction.batchMs',
  'traders.fee.durationS',
])

/**
 * A copy of `base` with `overrides` (dotted path → value) applied, each checked against the leaf it
 * replaces: same type, in range, a known choice. Errors name the field, prefixed by `where`.
 */
export function overrideScenario(
  base: Scenario,
  overrides: Readonly<Record<string, unknown>>,
  where: string,
): Scenario {
  const copy = structuredClone(base) as unknown as Record<string, unknown>
  for (const [path, value] of Object.entries(overrides)) setLeaf(copy, path, value, where)
  const scenario = copy as unknown as Scenario
  checkConsistency(scenario, where)
  return scenario
}

/** Every overridable leaf path of a scenario, for error messages and docs. */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, child]) =>
    leafPaths(child, prefix === '' ? key : `${prefix}.${key}`),
  )
}

function setLeaf(root: Record<string, unknown>, path: string, value: unknown, where: string): void {
  const field = `${where}${path}`
  const keys = path.split('.')
  let node: Record<string, unknown> = root
  for (const key of keys.slice(0, -1)) {
    const child = node[key]
    if (typeof child !== 'object' || child === null) throw new ConfigError(field, 'no such scenario field')
    node = child as Record<string, unknown>
  }
  const last = keys.at(-1) as string
  if (!Object.hasOwn(node, last)) throw new ConfigError(field, 'no such scenario field')
  const current = node[last]
  if (typeof current === 'object' && current !== null) {
    throw new ConfigError(field, 'is a group; set its fields one by one (e.g. route.latencyMedianMs)')
  }
  node[last] = checkLeaf(path, current, value, field)
}

function checkLeaf(path: string, current: unknown, value: unknown, field: string): unknown {
  const choices = CHOICES[path]
  if (choices !== undefined) {
    if (typeof value !== 'string' || !choices.includes(value)) {
      throw new ConfigError(field, `must be one of ${choices.join(', ')}`)
    }
    return value
  }
  if (typeof current === 'string') {
    if (typeof value !== 'string' || value.length === 0)
      throw new ConfigError(field, 'must be a non-empty string')
    return value
  }
  if (COUNTS.has(path) && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)) {
    throw new ConfigError(field, 'must be a whole number ≥ 1')
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ConfigError(field, 'must be a finite number')
  if (POSITIVE.has(path) && value <= 0) throw new ConfigError(field, 'must be > 0')
  if (!SIGNED.has(path) && value < 0) throw new ConfigError(field, 'must not be negative')
  return value
}

function checkConsistency(scenario: Scenario, where: string): void {
  const { fee } = scenario.traders
  if (fee.maxBps < fee.startBps)
    throw new ConfigError(`${where}traders.fee.maxBps`, 'must be ≥ traders.fee.startBps')
  if (fee.maxBps > 10_000) throw new ConfigError(`${where}traders.fee.maxBps`, 'must be ≤ 10000 (100%)')
  if (!Number.isInteger(fee.durationS))
    throw new ConfigError(`${where}traders.fee.durationS`, 'must be whole seconds')
  if (scenario.solver.costHighBps < scenario.solver.costLowBps) {
    throw new ConfigError(`${where}solver.costHighBps`, 'must be ≥ solver.costLowBps')
  }
  if (scenario.solver.revertProbability > 1)
    throw new ConfigError(`${where}solver.revertProbability`, 'must be ≤ 1')
}
