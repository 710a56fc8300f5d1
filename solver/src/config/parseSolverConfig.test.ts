import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.ts'
import { parseSolverConfig } from './parseSolverConfig.ts'

const minimal = { manifest: 'devnet/manifest.json', account: { devnetSolver: 0 }, dataDir: 'data' }

describe('parseSolverConfig', () => {
  it('fills in defaults and resolves paths against the file', () => {
    const config = parseSolverConfig({ value: minimal, baseDir: '/etc/xmargin' })
    expect(config.manifest).toBe('/etc/xmargin/devnet/manifest.json')
    expect(config.dataDir).toBe('/etc/xmargin/data')
    expect(config.http).toEqual({ host: '127.0.0.1', port: 7400, corsOrigins: '*' })
    expect(config.roles).toEqual({ relayer: true, keeper: true })
    expect(config.strategy).toBe('balanced')
    expect(Object.isFrozen(config)).toBe(true)
  })

  it.each([
    [{ ...minimal, manifest: undefined }, 'manifest: missing'],
    [{ ...minimal, account: {} }, 'account: give keystore'],
    [{ ...minimal, http: { port: 70000 } }, 'http.port: must be a whole number from 0 to 65535'],
    [
      { ...minimal, p2p: { bootstrap: ['localhost:4001'] } },
      'p2p.bootstrap[0]: localhost:4001 is not a multiaddr',
    ],
    [{ ...minimal, roles: { keeper: 'yes' } }, 'roles.keeper: must be true or false'],
    [{ ...minimal, stratgy: 'x' }, 'stratgy: unknown setting'],
    [{ ...minimal, log: { level: 'loud' } }, 'log.level: must be one of'],
    [
      { ...minimal, account: { privateKeyEnv: 'K', keystore: 'k.json' } },
      'account.keystore: unknown setting',
    ],
  ])('names the field of a bad setting (%#)', (value, message) => {
    const error = (() => {
      try {
        parseSolverConfig({ value, baseDir: '/' })
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toContain(message)
  })
})
