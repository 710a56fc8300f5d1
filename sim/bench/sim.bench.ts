// Throughput of the simulator: events/s and intents/s on one worker and on all cores, and a check that
// both produce byte-identical results.csv. Workload: 1,000,000 intents × 10 solvers (baseline scenario,
// the protocol's Dutch mechanism), split into replications so that the cores have work to share.
import { readFile, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseRunConfig } from '../src/run/parseRunConfig.ts'
import { runSimulation } from '../src/run/runSimulation.ts'

const INTENTS = Number(process.env.SIM_BENCH_INTENTS ?? 1_000_000)
const REPLICATIONS = 8
const cores = availableParallelism()

const config = parseRunConfig({
  scenario: 'baseline',
  mechanisms: ['dutch'],
  solvers: 10,
  intents: Math.ceil(INTENTS / REPLICATIONS),
  replications: REPLICATIONS,
  seed: 42,
})

type Row = { workers: number; seconds: number; events: number; intents: number; csv: string }

async function measure(workers: number): Promise<Row> {
  const outDir = join(tmpdir(), `xmargin-sim-bench-${process.pid}-${workers}`)
  const started = performance.now()
  const result = await runSimulation({ config, outDir, workers, commit: 'bench' })
  const seconds = (performance.now() - started) / 1000
  const csv = await readFile(join(outDir, 'results.csv'), 'utf8')
  await rm(outDir, { recursive: true, force: true })
  return { workers, seconds, events: result.events, intents: result.intents, csv }
}

console.log(
  `xmargin sim benchmark: ${config.scenario.intents * REPLICATIONS} intents × ${config.scenario.solvers} solvers, ` +
    `${REPLICATIONS} replications, mechanism dutch, ${cores} core(s)`,
)
const one = await measure(1)
const all = await measure(cores)
const format = (n: number) => Math.round(n).toLocaleString('en-US')
console.table(
  [one, all].map((row) => ({
    workers: row.workers,
    'wall s': row.seconds.toFixed(2),
    'events/s': format(row.events / row.seconds),
    'intents/s': format(row.intents / row.seconds),
    speedup: (one.seconds / row.seconds).toFixed(2),
  })),
)
const identical = one.csv === all.csv
console.log(`results.csv, 1 vs ${cores} workers: ${identical ? 'byte-identical' : 'DIFFERENT'}`)
if (!identical) process.exitCode = 1
