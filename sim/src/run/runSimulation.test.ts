import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { renderReport } from '../report/renderReport.ts'
import { parseRunConfig } from './parseRunConfig.ts'
import { runSimulation } from './runSimulation.ts'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))))

async function run(seed: number) {
  const dir = await mkdtemp(join(tmpdir(), 'xmargin-sim-'))
  dirs.push(dir)
  const config = parseRunConfig({
    scenario: 'stressed',
    mechanisms: 'dutch,second-price',
    intents: 300,
    replications: 2,
    seed,
    grid: { 'risk.marginRule': ['fixed', 'latency-aware'] },
  })
  const progress: number[] = []
  await runSimulation({
    config,
    outDir: dir,
    workers: 1,
    commit: 'test',
    onProgress: (p) => progress.push(p.done),
  })
  const read = (file: string) => readFile(join(dir, file), 'utf8')
  return { dir, csv: await read('results.csv'), summary: JSON.parse(await read('summary.json')), progress }
}

test('results.csv is tidy: a header and one row per grid point × replication × mechanism', async () => {
  const { csv, progress } = await run(5)
  const [header, ...rows] = csv.trimEnd().split('\n')
  expect(header).toMatch(
    /^grid_point,solvers,route_latency_ms,margin_rule,margin_buffer_bps,replication,mechanism,/,
  )
  expect(rows).toHaveLength(2 * 2 * 2)
  expect(
    rows.map((row) =>
      row
        .split(',')
        .slice(0, 7)
        .filter((_, i) => [0, 3, 5, 6].includes(i)),
    ),
  ).toEqual([
    ['0', 'fixed', '0', 'dutch'],
    ['0', 'fixed', '0', 'second-price'],
    ['0', 'fixed', '1', 'dutch'],
    ['0', 'fixed', '1', 'second-price'],
    ['1', 'latency-aware', '0', 'dutch'],
    ['1', 'latency-aware', '0', 'second-price'],
    ['1', 'latency-aware', '1', 'dutch'],
    ['1', 'latency-aware', '1', 'second-price'],
  ])
  expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
})

test('summary.json has the documented shape for every mechanism and metric', async () => {
  const { summary } = await run(5)
  expect(Object.keys(summary)).toEqual(['config', 'seed', 'commit', 'mechanisms'])
  expect(Object.keys(summary.mechanisms)).toEqual(['dutch', 'second-price'])
  const metrics = summary.mechanisms.dutch.metrics
  expect(Object.keys(metrics)).toEqual(
    expect.arrayContaining([
      'fill_rate',
      'time_to_fill_ms',
      'fee_paid',
      'price_improvement',
      'trader_surplus',
      'solver_profit',
      'winner_hhi',
      'liquidations',
      'bad_debt',
    ]),
  )
  for (const metric of Object.values(metrics))
    expect(Object.keys(metric as object)).toEqual(['mean', 'ci95', 'p50', 'p95'])
  expect(metrics.fill_rate.mean).toBeGreaterThan(0.9)
})

test('the same seed reproduces the files to the byte; another seed does not', async () => {
  const [a, b, c] = await Promise.all([run(11), run(11), run(12)])
  expect(a.csv).toBe(b.csv)
  expect(a.summary).toEqual(b.summary)
  expect(c.csv).not.toBe(a.csv)
})

test('the report is one self-contained page of inline SVG plots', async () => {
  const { dir } = await run(5)
  const { file } = await renderReport(dir)
  const html = await readFile(file, 'utf8')
  expect(html.match(/<svg/g)).toHaveLength(3)
  expect(html).not.toMatch(/<script|<link|src="http|href="http/)
  expect(html).toContain('Bad debt vs route latency')
})
