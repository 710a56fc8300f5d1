import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../testing/runCli.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmargin-sim-cli-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const run = (args: string[]) => runCli(['sim', ...args], { cwd: dir })
const SMALL = [
  'run',
  '--scenario',
  'stressed',
  '--mechanism',
  'dutch,uniform-batch',
  '--intents',
  '300',
  '--replications',
  '3',
]

test('sim list names every scenario and mechanism', async () => {
  const { code, stdout } = await run(['list'])
  expect(code).toBe(0)
  for (const name of [
    'baseline',
    'textbook',
    'dutch',
    'per-block-dutch',
    'second-price',
    'rfq-dutch',
    'fcfs',
    'uniform-batch',
  ]) {
    expect(stdout).toContain(`${name}:`)
  }
})

test('sim run writes the four files, and 1 and 2 workers give byte-identical results', async () => {
  const one = await run([...SMALL, '--workers', '1', '--out', 'one'])
  const two = await run([...SMALL, '--workers', '2', '--out', 'two'])
  expect([one.stderr, two.stderr, one.code, two.code]).toEqual(['', '', 0, 0])
  expect(one.stdout).toContain('uniform-batch')
  const read = (out: string, file: string) => readFile(join(dir, out, file), 'utf8')
  expect(await read('two', 'results.csv')).toBe(await read('one', 'results.csv'))
  expect(await read('two', 'summary.json')).toBe(await read('one', 'summary.json'))
  expect(await read('one', 'report.html')).toMatch(/^<!doctype html>/)
})

test('sim sweep runs the Cartesian grid of a grid file', async () => {
  const grid = { scenario: 'baseline', mechanisms: ['first-price'], intents: 200, grid: { solvers: [2, 4] } }
  await writeFile(join(dir, 'grid.json'), JSON.stringify(grid))
  const { code, stdout } = await run([
    'sweep',
    '--grid',
    'grid.json',
    '--workers',
    '1',
    '--out',
    'sweep',
    '--json',
  ])
  expect(code).toBe(0)
  expect(JSON.parse(stdout).tasks).toBe(2)
  const rows = (await readFile(join(dir, 'sweep', 'results.csv'), 'utf8')).trimEnd().split('\n')
  expect(rows.slice(1).map((row) => row.split(',')[1])).toEqual(['2', '4'])
})

describe('bad input: one line naming the field, exit 2', () => {
  test.each([
    [['run', '--solvers', '-3'], 'xmargin: solvers: must be a whole number ≥ 1'],
    [['run', '--intents', '0'], 'xmargin: intents: must be a whole number ≥ 1'],
    [
      ['run', '--scenario', 'nope'],
      'xmargin: scenario: unknown scenario "nope" (known: baseline, stressed, textbook)',
    ],
    [['run', '--mechanism', 'dutch,vickrey'], 'xmargin: mechanism: unknown mechanism "vickrey"'],
    [['run', '--workers', '0'], 'xmargin: --workers: must be a whole number ≥ 1'],
    [['sweep', '--grid', 'missing.json'], 'xmargin: cannot read missing.json: no such file'],
  ])('%j', async (args, line) => {
    const { code, stdout, stderr } = await run([...args, '--out', 'bad'])
    expect([code, stdout]).toEqual([2, ''])
    expect(stderr.split('\n')).toHaveLength(2)
    expect(stderr).toContain(line)
  })

  test('a malformed grid file names the file', async () => {
    await writeFile(join(dir, 'broken.json'), '{"grid": {"solvers": [2,')
    const { code, stderr } = await run(['sweep', '--grid', 'broken.json', '--out', 'bad'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^xmargin: broken\.json: not valid JSON/)
  })

  test('a grid axis that is not a scenario field is named', async () => {
    await writeFile(join(dir, 'axis.json'), JSON.stringify({ grid: { 'route.speed': [1] } }))
    const { code, stderr } = await run(['sweep', '--grid', 'axis.json', '--out', 'bad'])
    expect(code).toBe(2)
    expect(stderr).toBe('xmargin: grid.route.speed: no such scenario field\n')
  })
})
