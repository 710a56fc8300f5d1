import { ConfigError } from '../errors.ts'
import { leafPaths, overrideScenario } from './overrideScenario.ts'
import { getScenario } from './registry.ts'
import type { Scenario } from './types.ts'

/**
 * A scenario from a grid or scenario file: a built-in name (`"baseline"`), or an object
 * `{"extends": "baseline", "name": "mine", "route": {"latencyMedianMs": 60000}, …}` whose fields
 * override the built-in one it extends. `field` names where it came from in error messages.
 */
export function resolveScenario(value: unknown, field = 'scenario'): Scenario {
  if (typeof value === 'string') return getScenario(value)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(field, 'must be a scenario name or an object with "extends"')
  }
  const { extends: base, ...fields } = value as Record<string, unknown>
  if (typeof base !== 'string') throw new ConfigError(`${field}.extends`, 'must name a built-in scenario')
  const overrides = Object.fromEntries(
    leafPaths(fields)
      .filter((path) => path !== '')
      .map((path) => [path, leafAt(fields, path)]),
  )
  return overrideScenario(getScenario(base), overrides, `${field}.`)
}

function leafAt(root: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root)
}
