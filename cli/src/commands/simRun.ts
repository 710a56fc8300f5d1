import { readFile } from 'node:fs/promises'
import { parseRunConfig, type RunRequest } from '@xmargin/sim'
import type { Argv } from 'yargs'
import { InputError, UsageError } from '../errors.ts'
import { fileErrorReason } from '../io/fileErrorReason.ts'
import type { GlobalOptions } from './globalOptions.ts'
import { simExecute, toCliError } from './simExecute.ts'

export type SimRunArgs = GlobalOptions & {
  scenario: string
  mechanism?: string | undefined
  solvers?: number | undefined
  intents?: number | undefined
  replications: number
  seed: number
  workers?: number | undefined
  out: string
}

export function simRunCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'run',
    'Run one scenario under one or more mechanisms; writes results.csv, summary.json, report.html',
    (command) =>
      command.options({
        scenario: {
          type: 'string',
          default: 'baseline',
          describe: 'A built-in scenario (see sim list) or a JSON file',
        },
        mechanism: { type: 'string', describe: 'Comma-separated mechanisms', defaultDescription: 'all' },
        solvers: { type: 'number', describe: 'Competing solvers', defaultDescription: "the scenario's" },
        intents: {
          type: 'number',
          describe: 'Intents per replication',
          defaultDescription: "the scenario's",
        },
        replications: {
          type: 'number',
          default: 1,
          describe: 'Independent replications (seeds derived from --seed)',
        },
        seed: { type: 'number', default: 1, describe: 'Master seed: the same seed gives the same files' },
        workers: { type: 'number', describe: 'Worker threads', defaultDescription: 'all cores' },
        out: { type: 'string', demandOption: true, describe: 'Output directory (created; files replaced)' },
      }),
    (argv) => simRun(argv as SimRunArgs),
  )
}

async function simRun(argv: SimRunArgs): Promise<void> {
  const request: RunRequest = {
    scenario: await readScenario(argv.scenario),
    replications: argv.replications,
    seed: argv.seed,
  }
  if (argv.mechanism !== undefined) request.mechanisms = argv.mechanism
  if (argv.solvers !== undefined) request.solvers = argv.solvers
  if (argv.intents !== undefined) request.intents = argv.intents
  let config: ReturnType<typeof parseRunConfig>
  try {
    config = parseRunConfig(request)
  } catch (error) {
    throw toCliError(error, argv.out)
  }
  await simExecute(config, { out: argv.out, workers: argv.workers, json: argv.json })
}

/** A name stays a name; a path to a .json file is read and parsed (`{"extends": "baseline", …}`). */
async function readScenario(value: string): Promise<unknown> {
  if (!value.endsWith('.json')) return value
  let text: string
  try {
    text = await readFile(value, 'utf8')
  } catch (error) {
    throw new InputError(value, fileErrorReason(error), error)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--scenario: ${value}: not valid JSON (${(error as Error).message})`)
  }
}
