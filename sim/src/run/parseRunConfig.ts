import { ConfigError } from '../errors.ts'
import { getMechanism, MECHANISM_NAMES } from '../mechanisms/registry.ts'
import { overrideScenario } from '../scenarios/overrideScenario.ts'
import { resolveScenario } from '../scenarios/resolveScenario.ts'
import type { Scenario } from '../scenarios/types.ts'
import type { GridAxis, RunConfig } from './runConfig.ts'

/** What a run is asked for, before validation: the CLI's flags, or the fields of a grid file. */
export type RunRequest = {
  /** A built-in name, or a scenario object (`{"extends": "baseline", …}`). */
  scenario?: unknown
  mechanisms?: unknown
  solvers?: unknown
  intents?: unknown
  replications?: unknown
  seed?: unknown
  /** `{"<dotted scenario path>": [values…], …}`, each axis of the Cartesian grid. */
  grid?: unknown
}

const FIELDS = new Set(['scenario', 'mechanisms', 'solvers', 'intents', 'replications', 'seed', 'grid'])

/** Validates a request into a {@link RunConfig}; every error names the field at fault. */
export function parseRunConfig(request: RunRequest): RunConfig {
  const unknown = Object.keys(request).find((key) => !FIELDS.has(key))
  if (unknown !== undefined)
    throw new ConfigError(unknown, `unknown field (known: ${[...FIELDS].join(', ')})`)
  const base = resolveScenario(request.scenario ?? 'baseline')
  const counts: Record<string, unknown> = {}
  if (request.solvers !== undefined) counts.solvers = request.solvers
  if (request.intents !== undefined) counts.intents = request.intents
  const scenario = overrideScenario(base, counts, '')
  return {
    scenario,
    mechanisms: parseMechanisms(request.mechanisms),
    replications: wholeNumber('replications', request.replications ?? 1, 1),
    seed: wholeNumber('seed', request.seed ?? 1, 0),
    grid: parseGrid(request.grid ?? {}, scenario),
  }
}

/** Parses a grid file's text; a syntax error is reported against `source`. */
export function parseGridFile(text: string, source: string): RunConfig {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(source, `not valid JSON (${(error as Error).message})`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(source, 'must be a JSON object with a "grid" field')
  }
  return parseRunConfig(value as RunRequest)
}

function parseMechanisms(value: unknown): RunConfig['mechanisms'] {
  if (value === undefined) return MECHANISM_NAMES
  const names = typeof value === 'string' ? value.split(',').map((name) => name.trim()) : value
  if (!Array.isArray(names) || names.length === 0 || names.some((name) => typeof name !== 'string')) {
    throw new ConfigError('mechanisms', 'must be a list of mechanism names')
  }
  const unique = [...new Set(names as string[])]
  return unique.map((name) => getMechanism(name).name)
}

function wholeNumber(field: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    throw new ConfigError(field, `must be a whole number ≥ ${minimum}`)
  }
  return value
}

function parseGrid(value: unknown, scenario: Scenario): GridAxis[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError('grid', 'must be an object of "<scenario path>": [values]')
  }
  return Object.entries(value).map(([path, values]) => {
    if (!Array.isArray(values) || values.length === 0) {
      throw new ConfigError(`grid.${path}`, 'must be a non-empty array of values')
    }
    if (values.some((v) => typeof v !== 'number' && typeof v !== 'string')) {
      throw new ConfigError(`grid.${path}`, 'values must be numbers or strings')
    }
    // Each value on its own: the error names the axis, not the grid point.
    for (const v of values) overrideScenario(scenario, { [path]: v }, 'grid.')
    return { path, values: values as Array<number | string> }
  })
}
