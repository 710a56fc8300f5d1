import { isAbsolute, resolve } from 'node:path'
import { ConfigError } from '../errors.ts'
import { type AccountSource, DEFAULT_AUCTION, type SolverConfig } from './solverConfig.ts'

export type ParseSolverConfigParameters = {
  /** The parsed JSON of the config file. */
  value: unknown
  /** Relative paths in the file are resolved against this directory (the file's own). */
  baseDir: string
}

const TOP_KEYS = [
  'name',
  'manifest',
  'account',
  'strategy',
  'http',
  'p2p',
  'dataDir',
  'roles',
  'auction',
  'pollMs',
  'log',
]
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/**
 * Checks a solver config file and fills in defaults. Throws a ConfigError naming the first bad field;
 * unknown keys are errors too, so a typo never silently falls back to a default.
 */
export function parseSolverConfig({ value, baseDir }: ParseSolverConfigParameters): SolverConfig {
  const root = object(value, 'config')
  unknownKeys(root, TOP_KEYS, '')
  const path = (field: string, text: unknown) => {
    const s = string(text, field)
    return isAbsolute(s) ? s : resolve(baseDir, s)
  }
  const http = optionalObject(root.http, 'http')
  unknownKeys(http, ['host', 'port', 'corsOrigins'], 'http.')
  const p2p = optionalObject(root.p2p, 'p2p')
  unknownKeys(p2p, ['listen', 'bootstrap'], 'p2p.')
  const roles = optionalObject(root.roles, 'roles')
  unknownKeys(roles, ['relayer', 'keeper'], 'roles.')
  const auction = optionalObject(root.auction, 'auction')
  unknownKeys(auction, Object.keys(DEFAULT_AUCTION), 'auction.')
  const log = optionalObject(root.log, 'log')
  unknownKeys(log, ['level'], 'log.')
  const level = log.level ?? 'info'
  if (!LEVELS.includes(level as (typeof LEVELS)[number])) {
    throw new ConfigError('log.level', `must be one of ${LEVELS.join(', ')}`)
  }
  const cors = http.corsOrigins ?? '*'
  return Object.freeze({
    name: root.name === undefined ? 'solver' : string(root.name, 'name'),
    manifest: path('manifest', root.manifest),
    account: account(root.account, baseDir),
    strategy: root.strategy === undefined ? 'balanced' : string(root.strategy, 'strategy'),
    http: Object.freeze({
      host: http.host === undefined ? '127.0.0.1' : string(http.host, 'http.host'),
      port: http.port === undefined ? 7400 : integer(http.port, 'http.port', 0, 65_535),
      corsOrigins: cors === '*' ? '*' : Object.freeze(strings(cors, 'http.corsOrigins')),
    }),
    p2p: Object.freeze({
      listen: Object.freeze(
        strings(p2p.listen ?? ['/ip4/127.0.0.1/tcp/0'], 'p2p.listen').map(multiaddr('p2p.listen')),
      ),
      bootstrap: Object.freeze(strings(p2p.bootstrap ?? [], 'p2p.bootstrap').map(multiaddr('p2p.bootstrap'))),
    }),
    dataDir: path('dataDir', root.dataDir),
    roles: Object.freeze({
      relayer: roles.relayer === undefined ? true : boolean(roles.relayer, 'roles.relayer'),
      keeper: roles.keeper === undefined ? true : boolean(roles.keeper, 'roles.keeper'),
    }),
    auction: Object.freeze(
      Object.fromEntries(
        Object.entries(DEFAULT_AUCTION).map(([key, fallback]) => [
          key,
          auction[key] === undefined ? fallback : integer(auction[key], `auction.${key}`, 0, 86_400_000),
        ]),
      ) as SolverConfig['auction'],
    ),
    pollMs: root.pollMs === undefined ? 250 : integer(root.pollMs, 'pollMs', 10, 60_000),
    log: Object.freeze({ level: level as SolverConfig['log']['level'] }),
  })
}

function account(value: unknown, baseDir: string): AccountSource {
  const source = object(value, 'account')
  if (source.devnetSolver !== undefined) {
    unknownKeys(source, ['devnetSolver'], 'account.')
    return { devnetSolver: integer(source.devnetSolver, 'account.devnetSolver', 0, 99) }
  }
  if (source.privateKeyEnv !== undefined) {
    unknownKeys(source, ['privateKeyEnv'], 'account.')
    return { privateKeyEnv: string(source.privateKeyEnv, 'account.privateKeyEnv') }
  }
  if (source.keystore !== undefined) {
    unknownKeys(source, ['keystore', 'passwordEnv'], 'account.')
    const keystore = string(source.keystore, 'account.keystore')
    return {
      keystore: isAbsolute(keystore) ? keystore : resolve(baseDir, keystore),
      ...(source.passwordEnv === undefined
        ? {}
        : { passwordEnv: string(source.passwordEnv, 'account.passwordEnv') }),
    }
  }
  throw new ConfigError('account', 'give keystore (+ passwordEnv), privateKeyEnv, or devnetSolver')
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(field, value === undefined ? 'missing' : 'must be an object')
  }
  return value as Record<string, unknown>
}

function optionalObject(value: unknown, field: string): Record<string, unknown> {
  return value === undefined ? {} : object(value, field)
}

function unknownKeys(value: Record<string, unknown>, known: readonly string[], prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ConfigError(`${prefix}${key}`, 'unknown setting')
  }
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(field, value === undefined ? 'missing' : 'must be a non-empty string')
  }
  return value
}

function strings(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw new ConfigError(field, 'must be a list of strings')
  return value.map((item, i) => string(item, `${field}[${i}]`))
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(field, 'must be true or false')
  return value
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw new ConfigError(field, `must be a whole number from ${min} to ${max}`)
  }
  return value as number
}

function multiaddr(field: string): (text: string, i: number) => string {
  return (text, i) => {
    if (!text.startsWith('/')) throw new ConfigError(`${field}[${i}]`, `${text} is not a multiaddr`)
    return text
  }
}
