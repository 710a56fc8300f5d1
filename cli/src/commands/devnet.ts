import type { Argv } from 'yargs'
import { devnetDownCommand } from './devnetDown.ts'
import { devnetStatusCommand } from './devnetStatus.ts'
import { devnetUpCommand } from './devnetUp.ts'
import type { GlobalOptions } from './globalOptions.ts'

export function devnetCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'devnet',
    'Local anvil chains with Permit2, Pyth, Hyperlane and the xmargin contracts',
    (devnet) => {
      devnetUpCommand(devnet)
      devnetStatusCommand(devnet)
      devnetDownCommand(devnet)
      return devnet.demandCommand(1, 'devnet: give a command (up, status, down)')
    },
  )
}
