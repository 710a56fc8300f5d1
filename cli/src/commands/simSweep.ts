import { readFile } from 'node:fs/promises'
import { parseGridFile } from '@xmargin/sim'
import type { Argv } from 'yargs'
import { InputError } from '../errors.ts'
import { fileErrorReason } from '../io/fileErrorReason.ts'
import type { GlobalOptions } from './globalOptions.ts'
import { simExecute, toCliError } from './simExecute.ts'

export type SimSweepArgs = GlobalOptions & { grid: string; workers?: number | undefined; out: string }

export function simSweepCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'sweep',
    'Run the full Cartesian grid of a grid file × replications × mechanisms',
    (command) =>
      command.options({
        grid: {
          type: 'string',
          demandOption: true,
          describe:
            'JSON: {"scenario", "mechanisms", "replications", "seed", "intents", "solvers", "grid": {path: [values]}}',
        },
        workers: { type: 'number', describe: 'Worker threads', defaultDescription: 'all cores' },
        out: { type: 'string', demandOption: true, describe: 'Output directory (created; files replaced)' },
      }),
    (argv) => simSweep(argv as SimSweepArgs),
  )
}

async function simSweep(argv: SimSweepArgs): Promise<void> {
  let text: string
  try {
    text = await readFile(argv.grid, 'utf8')
  } catch (error) {
    throw new InputError(argv.grid, fileErrorReason(error), error)
  }
  let config: ReturnType<typeof parseGridFile>
  try {
    config = parseGridFile(text, argv.grid)
  } catch (error) {
    throw toCliError(error, argv.out)
  }
  await simExecute(config, { out: argv.out, workers: argv.workers, json: argv.json })
}
