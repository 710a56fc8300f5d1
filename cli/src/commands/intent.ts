import type { Argv } from 'yargs'
import type { GlobalOptions } from './globalOptions.ts'
import { intentDemoCommand } from './intentDemo.ts'
import { intentHashCommand } from './intentHash.ts'
import { intentNewCommand } from './intentNew.ts'
import { intentSignCommand } from './intentSign.ts'
import { intentStatusCommand } from './intentStatus.ts'
import { intentSubmitCommand } from './intentSubmit.ts'
import { intentTypedDataCommand } from './intentTypedData.ts'
import { intentVerifyCommand } from './intentVerify.ts'

export function intentCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command('intent', 'Create, sign, check and submit margin intents, and follow them', (intent) => {
    intentNewCommand(intent)
    intentTypedDataCommand(intent)
    intentSignCommand(intent)
    intentVerifyCommand(intent)
    intentHashCommand(intent)
    intentSubmitCommand(intent)
    intentStatusCommand(intent)
    intentDemoCommand(intent)
    return intent.demandCommand(
      1,
      'intent: give a command (new, typed-data, sign, verify, hash, submit, status, demo)',
    )
  })
}
