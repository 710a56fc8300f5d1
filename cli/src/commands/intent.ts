import type { Argv } from 'yargs'
import type { GlobalOptions } from './globalOptions.ts'
import { intentHashCommand } from './intentHash.ts'
import { intentNewCommand } from './intentNew.ts'
import { intentSignCommand } from './intentSign.ts'
import { intentTypedDataCommand } from './intentTypedData.ts'
import { intentVerifyCommand } from './intentVerify.ts'

export function intentCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command('intent', 'Create, sign and check margin intents', (intent) => {
    intentNewCommand(intent)
    intentTypedDataCommand(intent)
    intentSignCommand(intent)
    intentVerifyCommand(intent)
    intentHashCommand(intent)
    return intent.demandCommand(1, 'intent: give a command (new, typed-data, sign, verify, hash)')
  })
}
