import type { Argv } from 'yargs'
import type { GlobalOptions } from './globalOptions.ts'
import { simListCommand } from './simList.ts'
import { simRunCommand } from './simRun.ts'
import { simSweepCommand } from './simSweep.ts'

export function simCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command('sim', 'Auction and risk simulator: compare mechanisms and margin rules', (sim) => {
    simRunCommand(sim)
    simSweepCommand(sim)
    simListCommand(sim)
    return sim.demandCommand(1, 'sim: give a command (run, sweep, list)')
  })
}
