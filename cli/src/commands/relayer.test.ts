import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { runCli } from '../testing/runCli.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmargin-relayer-cli-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

test('a negative --delay-ms is refused in one line', async () => {
  const result = await runCli(['relayer', '--delay-ms', '-5', '--once'], { cwd: dir })
  expect(result.code).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr).toBe('xmargin: --delay-ms -5: must be a whole number from 0 to 86400000\n')
})

test('without a devnet it says how to start one', async () => {
  const result = await runCli(['relayer', '--once', '--state-dir', 'none'], { cwd: dir })
  expect(result.code).toBe(2)
  expect(result.stderr).toBe(
    'xmargin: no devnet in none (no manifest.json); start one with: xmargin devnet up\n',
  )
})
