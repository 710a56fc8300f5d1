import { intentDigest, signIntent } from '@xmargin/intents'
import type { Argv } from 'yargs'
import { UsageError } from '../errors.ts'
import { isDash, outputFile } from '../io/dash.ts'
import { emitDocument } from '../io/emitDocument.ts'
import { readDocument } from '../io/readDocument.ts'
import { type KeySource, loadAccount } from '../keys/loadAccount.ts'
import { printFields, printJson } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'
import { KEY_OPTIONS } from './keyOptions.ts'

export type IntentSignArgs = GlobalOptions &
  KeySource & { file: string; out?: string | undefined; inPlace?: boolean | undefined }

export function intentSignCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'sign <file>',
    "Sign an intent with the trader's key (the Permit2 witness signature)",
    (command) =>
      command
        .positional('file', {
          type: 'string',
          demandOption: true,
          describe: 'Intent document, or - for stdin',
        })
        .options({
          ...KEY_OPTIONS,
          out: {
            type: 'string',
            describe: 'Write the signed intent to this file (- or none: stdout)',
            group: 'Output:',
          },
          'in-place': {
            type: 'boolean',
            describe: 'Overwrite the input file',
            conflicts: 'out',
            group: 'Output:',
          },
        })
        .example('TRADER_KEY=0x… $0 intent sign intent.json --private-key-env TRADER_KEY --in-place', '')
        .example(
          '$0 intent sign intent.json --keystore trader.json --out signed.json',
          'asks for the password',
        ),
    (argv) => intentSign(argv),
  )
}

async function intentSign(argv: IntentSignArgs): Promise<void> {
  if (argv.inPlace === true && isDash(argv.file)) throw new UsageError('--in-place: cannot overwrite stdin')
  const { order } = await readDocument(argv.file)
  // Refused before any password is asked for: a signature by another key would never verify.
  const account = await loadAccount(argv, { expect: order.user })
  const signed = await signIntent({ intent: order, account })
  const out = argv.inPlace === true ? argv.file : outputFile(argv.out)
  await emitDocument(signed, { out, json: argv.json })
  if (out === undefined) return
  const { orderId } = intentDigest(order)
  if (argv.json) printJson({ file: out, signer: account.address, orderId })
  else
    printFields([
      ['wrote', out],
      ['signer', account.address],
      ['orderId', orderId],
    ])
}
