import type { Argv } from 'yargs'
import type { GlobalOptions } from './globalOptions.ts'
import { solverStartCommand } from './solverStart.ts'

export function solverCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command('solver', 'Run a solver node', (command) =>
    solverStartCommand(command).demandCommand(1, 'give a solver command (see xmargin solver --help)'),
  )
}
