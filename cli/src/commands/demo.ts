import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Argv } from 'yargs'
import { ensureContractsBuilt } from '../build/ensureContractsBuilt.ts'
import { type DemoOutcome, runDemo } from '../demo/runDemo.ts'
import { formatTable } from '../output/formatTable.ts'
import { printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type DemoArgs = GlobalOptions & { dir?: string | undefined }

export function demoCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'demo',
    'Run the whole network locally: devnet, three solver nodes, relay, price feed, traders, a crash; then stop it all',
    (command) =>
      command.options({
        dir: {
          type: 'string',
          describe: 'Keep the devnet state, node databases and nodes.log here',
          defaultDescription: 'a temporary directory, removed afterwards',
        },
      }),
    (argv) => demo(argv as DemoArgs),
  )
}

async function demo(argv: DemoArgs): Promise<void> {
  const dir = argv.dir === undefined ? await mkdtemp(join(tmpdir(), 'xmargin-demo-')) : resolve(argv.dir)
  const interrupt = new AbortController()
  const onSignal = () => interrupt.abort()
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const started = performance.now()
  try {
    await ensureContractsBuilt()
    await mkdir(dir, { recursive: true })
    const say = argv.json ? () => {} : (line: string) => printLines(line)
    const outcomes = await runDemo({ dir, signal: interrupt.signal, say })
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    if (argv.json) printJson({ orders: outcomes, seconds: Number(seconds) })
    else printLines('', ...summary(outcomes), '', `done in ${seconds} s; every chain and node is stopped`)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    if (argv.dir === undefined) await rm(dir, { recursive: true, force: true })
  }
}

function summary(outcomes: readonly DemoOutcome[]): string[] {
  return formatTable(
    ['order', 'trader', 'position', 'bids (bps)', 'winner', 'fee', 'submit→open', 'outcome'],
    outcomes.map((o) => [
      o.label,
      o.trader,
      o.position,
      o.bids.map((b) => `${b.node}:${b.feeBps}`).join(' '),
      o.winner,
      `${o.feeBps} bps`,
      `${(o.submitToOpenMs / 1000).toFixed(1)} s`,
      o.outcome,
    ]),
  )
}
