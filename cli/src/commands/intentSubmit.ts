import { MAX_INTENT_JSON_BYTES, parseIntent } from '@xmargin/intents'
import type { Argv } from 'yargs'
import { CliError, NoSignatureError } from '../errors.ts'
import { inputName, readInput } from '../io/readInput.ts'
import { printFields, printJson } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'
import { DEFAULT_NODE_URL, parseNodeUrl, requestNode, type SubmitIntentResponse } from './nodeApi.ts'

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
  const bytes = await readInput(argv.file, MAX_INTENT_JSON_BYTES)
  // Checked here for a quick, local answer; the node still judges the very bytes sent.
  if (parseIntent(bytes).signature === undefined) throw new NoSignatureError(inputName(argv.file))
  const { body } = await requestNode(node, '/v1/intents', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: bytes,
  })
  if (!isSubmitResponse(body)) throw new CliError('INPUT', `the node at ${node} answered without an orderId`)
  if (argv.json) printJson(body)
  else
    printFields([
      ['orderId', body.orderId],
      ['status', body.status === 'duplicate' ? 'already known to the node' : 'accepted'],
    ])
}

function isSubmitResponse(body: unknown): body is SubmitIntentResponse {
  return (
    typeof body === 'object' &&
    body !== null &&
    'orderId' in body &&
    typeof body.orderId === 'string' &&
    'status' in body &&
    (body.status === 'accepted' || body.status === 'duplicate')
  )
}
