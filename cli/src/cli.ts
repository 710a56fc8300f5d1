import yargs, { type Argv } from 'yargs'
import packageJson from '../package.json' with { type: 'json' }
import { demoCommand } from './commands/demo.ts'
import { devnetCommand } from './commands/devnet.ts'
import { feedCommand } from './commands/feed.ts'
import type { GlobalOptions } from './commands/globalOptions.ts'
import { intentCommand } from './commands/intent.ts'
import { keyCommand } from './commands/key.ts'
import { relayerCommand } from './commands/relayer.ts'
import { simCommand } from './commands/sim.ts'
import { solverCommand } from './commands/solver.ts'
import { UsageError } from './errors.ts'
import { DASH } from './io/dash.ts'

/**
 * The `xmargin` command line. Nothing is printed for failures here: every usage error and every
 * error thrown by a command is rethrown from `.fail()`, and the caller reports it as one line.
 */
export function createCli(args: readonly string[]): Argv<GlobalOptions> {
  refuseKeyOnCommandLine(args)
  const cli = yargs(args.map((arg) => (arg === '-' ? DASH : arg)))
    .scriptName('xmargin')
    .usage('$0 <command>\n\nCross-chain margin trading through intents.')
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output: one JSON value' })
  intentCommand(cli)
  keyCommand(cli)
  demoCommand(cli)
  simCommand(cli)
  devnetCommand(cli)
  relayerCommand(cli)
  feedCommand(cli)
  solverCommand(cli)
  return cli
    .demandCommand(1, 'give a command (see xmargin --help)')
    .check(rejectRepeatedOptions, true)
    .strict()
    .help()
    .alias('help', 'h')
    .version(packageJson.version)
    .wrap(Math.min(110, cli.terminalWidth() || 100))
    .fail((message: string | null, error: Error | undefined) => {
      // yargs reports its own validation failures as a message (or a YError); anything else is ours.
      if (error !== undefined && error !== null && error.name !== 'YError') throw error
      throw new UsageError(message ?? error?.message ?? 'invalid command line')
    })
}

/** `--amount 2 --amount 3` is refused rather than guessed at: these are the terms of a trade. */
function rejectRepeatedOptions(argv: Record<string, unknown>): true {
  const repeated = Object.keys(argv).find((key) => key !== '_' && Array.isArray(argv[key]))
  if (repeated !== undefined) throw new UsageError(`--${repeated}: given more than once`)
  return true
}

/** A key typed on the command line ends up in shell history and `ps`: say so, and what to do instead. */
function refuseKeyOnCommandLine(args: readonly string[]): void {
  if (args.some((arg) => arg === '--private-key' || arg.startsWith('--private-key='))) {
    throw new UsageError(
      '--private-key: keys are never taken on the command line; use --private-key-env VAR or --keystore FILE',
    )
  }
}
