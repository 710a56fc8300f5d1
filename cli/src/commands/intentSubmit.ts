import { stringifyIntent } from '@xmargin/intents'
import type { Argv } from 'yargs'
import { readSignedDocument } from '../io/readDocument.ts'
import { DEFAULT_NODE_URL, parseNodeUrl } from '../node/nodeUrl.ts'
import { submitIntent } from '../node/submitIntent.ts'
import { printFields, printJson } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type IntentSubmitArgs = GlobalOptions & { file: string; node: string }

export function intentSubmitCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'submit <file>',
    'Send a signed intent to a solver node, which checks it and gossips it to the network',
    (command) =>
      command
        .positional('file', { type: 'string', demandOption: true, describe: 'Signed intent, or - for stdin' })
        .options({
          node: { type: 'string', default: DEFAULT_NODE_URL, describe: "The solver node's HTTP API" },
        })
        .example('$0 intent submit signed.json', 'then: xmargin intent status <orderId> --follow'),
    (argv) => intentSubmit(argv),
  )
}

async function intentSubmit(argv: IntentSubmitArgs): Promise<void> {
  const node = parseNodeUrl(argv.node)
  // The node takes an intent only in its canonical encoding, byte for byte; a file as `intent sign`
  // writes it is indented, so it is re-encoded here (and refused here, with its code, if it does not
  // parse or carries no signature).
  const signed = await readSignedDocument(argv.file)
  const answer = await submitIntent(node, stringifyIntent(signed))
  if (argv.json) printJson(answer)
  else
    printFields([
      ['orderId', answer.orderId],
      ['status', answer.status === 'duplicate' ? 'already known to the node' : 'accepted'],
    ])
}
