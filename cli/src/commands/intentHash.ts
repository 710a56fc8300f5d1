import { intentDigest } from '@xmargin/intents'
import type { Argv } from 'yargs'
import { readDocument } from '../io/readDocument.ts'
import { printFields, printJson } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type IntentHashArgs = GlobalOptions & { file: string }

export function intentHashCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'hash <file>',
    'Print the orderId and the Permit2 digest the trader signs (a signature is optional)',
    (command) =>
      command.positional('file', {
        type: 'string',
        demandOption: true,
        describe: 'Intent document, or - for stdin',
      }),
    (argv) => intentHash(argv),
  )
}

async function intentHash(argv: IntentHashArgs): Promise<void> {
  const { order } = await readDocument(argv.file)
  const { orderId, digest } = intentDigest(order)
  if (argv.json) printJson({ orderId, digest })
  else
    printFields([
      ['orderId', orderId],
      ['digest', digest],
    ])
}
