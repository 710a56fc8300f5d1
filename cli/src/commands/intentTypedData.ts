import { intentWalletPayload } from '@xmargin/intents'
import type { Argv } from 'yargs'
import { readDocument } from '../io/readDocument.ts'
import { printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type IntentTypedDataArgs = GlobalOptions & { file: string }

export function intentTypedDataCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'typed-data <file>',
    'Print the EIP-712 payload a wallet signs (eth_signTypedData_v4)',
    (command) =>
      command.positional('file', {
        type: 'string',
        demandOption: true,
        describe: 'Intent document, or - for stdin',
      }),
    (argv) => intentTypedData(argv),
  )
}

async function intentTypedData(argv: IntentTypedDataArgs): Promise<void> {
  const { order } = await readDocument(argv.file)
  const payload = intentWalletPayload(order)
  // --json gives the exact string to hand to eth_signTypedData_v4; people get it indented.
  printLines(argv.json ? payload : JSON.stringify(JSON.parse(payload), null, 2))
}
