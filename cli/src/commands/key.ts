import type { Argv } from 'yargs'
import type { GlobalOptions } from './globalOptions.ts'
import { keyAddressCommand } from './keyAddress.ts'
import { keyNewCommand } from './keyNew.ts'

export function keyCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command('key', 'Manage encrypted keystore files', (key) => {
    keyNewCommand(key)
    keyAddressCommand(key)
    return key.demandCommand(1, 'key: give a command (new, address)')
  })
}
