import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DevnetManifest, parseManifest, readDevnetPrice } from '@xmargin/settlement-contracts/deploy'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { devnetPricePaths, pricesAt } from '../devnet/pricePaths.ts'
import { freePorts } from '../testing/freePorts.ts'
import { runCli } from '../testing/runCli.ts'

let dir: string
let stateDir: string
let manifest: DevnetManifest
const xmargin = (args: string[]) => runCli(args, { cwd: dir })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmargin-feed-'))
  stateDir = join(dir, 'state')
  const up = await xmargin([
    ...['devnet', 'up', '--detach', '--block-time', '0'],
    ...['--state-dir', stateDir, '--base-port', String(await freePorts(2))],
  ])
  expect(up.code, up.stderr).toBe(0)
  manifest = parseManifest(JSON.parse(await readFile(join(stateDir, 'manifest.json'), 'utf8')))
}, 60_000)
afterAll(async () => {
  await xmargin(['devnet', 'down', '--state-dir', stateDir])
  await rm(dir, { recursive: true, force: true })
})

describe('price paths', () => {
  test('the same seed gives the same prices; another seed another path', () => {
    const a = devnetPricePaths(7)
    const b = devnetPricePaths(7)
    const c = devnetPricePaths(8)
    expect(pricesAt(a, 600, 0)).toEqual(pricesAt(b, 600, 0))
    expect(pricesAt(a, 600, 0)['ETH/USD']).not.toBe(pricesAt(c, 600, 0)['ETH/USD'])
    expect(pricesAt(a, 0, 0)).toEqual({ 'ETH/USD': 3_000, 'BTC/USD': 60_000, 'USDC/USD': 1 })
  })

  test('a crash takes the percentage off every volatile feed, never the stablecoin', () => {
    const prices = pricesAt(devnetPricePaths(1), 0, 2_500)
    expect(prices).toEqual({ 'ETH/USD': 2_250, 'BTC/USD': 45_000, 'USDC/USD': 1 })
  })
})

describe('xmargin feed on a devnet', () => {
  test('--once posts the path’s prices to Pyth on the destination chain', async () => {
    const result = await xmargin(['feed', '--once', '--seed', '3', '--state-dir', stateDir, '--json'])
    expect(result.code, result.stderr).toBe(0)
    const posted = JSON.parse(result.stdout) as { prices: Record<string, number> }
    expect(await readDevnetPrice(manifest, 'ETH/USD')).toBeCloseTo(posted.prices['ETH/USD'] ?? 0, 6)
  })

  test('--scenario crash drops ETH far enough to liquidate leveraged longs', async () => {
    const result = await xmargin([
      'feed',
      '--once',
      '--scenario',
      'crash',
      '--crash-pct',
      '30',
      '--state-dir',
      stateDir,
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(await readDevnetPrice(manifest, 'ETH/USD')).toBeLessThan(3_000 * 0.75)
    expect(await readDevnetPrice(manifest, 'USDC/USD')).toBe(1)
  })

  test('bad input: one line, exit 2', async () => {
    const result = await xmargin(['feed', '--crash-pct', '150', '--state-dir', stateDir])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('xmargin: --crash-pct 150: must be between 0 and 100')
  })
})
