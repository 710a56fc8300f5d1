import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestDevnet, type TestDevnet } from '@xmargin/solver/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../testing/runCli.ts'

let dir: string
let devnet: TestDevnet

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmargin-solver-'))
  devnet = await startTestDevnet()
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(devnet.manifest))
}, 60_000)

afterAll(() => devnet?.stop())

const config = (value: unknown) => writeFile(join(dir, 'solver.json'), JSON.stringify(value))
const good = {
  manifest: 'manifest.json',
  account: { devnetSolver: 0 },
  dataDir: 'data',
  http: { port: 0 },
  log: { level: 'silent' },
}

describe('xmargin solver start', () => {
  test.each([
    ['a missing file', null, 'xmargin: cannot read nope.json: no such file'],
    ['an unknown key', { ...good, strategyy: 'balanced' }, 'xmargin: CONFIG: strategyy: unknown setting'],
    [
      'a bad port',
      { ...good, http: { port: -1 } },
      'xmargin: CONFIG: http.port: must be a whole number from 0 to 65535',
    ],
    ['an unknown strategy', { ...good, strategy: 'yolo' }, 'xmargin: CONFIG: strategy:'],
    ['a missing manifest', { ...good, manifest: 'gone.json' }, 'is the devnet up'],
    [
      'a solver the devnet lacks',
      { ...good, account: { devnetSolver: 7 } },
      'account.devnetSolver: the devnet has 3 solvers',
    ],
  ])('refuses %s with one line and exit 2', async (_, value, message) => {
    if (value !== null) await config(value)
    const result = await runCli(
      ['solver', 'start', '--config', value === null ? 'nope.json' : 'solver.json'],
      { cwd: dir },
    )
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    const lines = result.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(message)
  })

  test('runs until Ctrl-C, answering on HTTP, then stops cleanly', async () => {
    await config(good)
    const node = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url))
    const bin = fileURLToPath(new URL('../../bin/xmargin.js', import.meta.url))
    const child = spawn(node, [bin, 'solver', 'start', '--config', 'solver.json', '--json'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
    })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    const exited = new Promise<number | null>((done) => child.on('close', done))
    while (!stdout.includes('}')) await new Promise((done) => setTimeout(done, 50))
    const started = JSON.parse(stdout) as { http: string; solver: string; multiaddrs: string[] }
    expect(started.solver).toBe(devnet.manifest.accounts.solvers[0]?.address)
    expect(started.multiaddrs[0]).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3Koo/)
    const health = (await fetch(`${started.http}/healthz`).then((r) => r.json())) as { ok: boolean }
    expect(health.ok).toBe(true)
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  }, 60_000)
})
