import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
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

  test('refuses a port in use and a data directory it cannot create, with one line and exit 2', async () => {
    const blocker = createServer()
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done))
    const port = (blocker.address() as { port: number }).port
    try {
      await config({ ...good, http: { port } })
      const used = await runCli(['solver', 'start', '--config', 'solver.json'], { cwd: dir })
      expect(used.code).toBe(2)
      expect(used.stderr.trimEnd().split('\n')).toEqual([
        `xmargin: CONFIG: http.port: 127.0.0.1:${port} is already in use (is another node running on it?)`,
      ])
      await config({ ...good, p2p: { listen: [`/ip4/127.0.0.1/tcp/${port}`] } })
      const p2p = await runCli(['solver', 'start', '--config', 'solver.json'], { cwd: dir })
      expect(p2p.code).toBe(2)
      expect(p2p.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(p2p.stderr).toContain('xmargin: CONFIG: p2p.listen:')
    } finally {
      blocker.close()
    }
    await writeFile(join(dir, 'a-file'), 'not a directory')
    await config({ ...good, dataDir: 'a-file/data' })
    const badDir = await runCli(['solver', 'start', '--config', 'solver.json'], { cwd: dir })
    expect(badDir.code).toBe(2)
    expect(badDir.stderr.trimEnd().split('\n')).toEqual([
      `xmargin: CONFIG: dataDir: ${join(dir, 'a-file/data')}: a file, not a directory, is in the way`,
    ])
  }, 60_000)

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
