import { verifyIntent } from '@xmargin/intents'
import type { Argv } from 'yargs'
import { parseIntegerFlag } from '../intent/parseFlag.ts'
import { readSignedDocument } from '../io/readDocument.ts'
import { printFields, printJson } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type IntentVerifyArgs = GlobalOptions & {
  file: string
  checkDeadlines?: boolean | undefined
  now?: string | undefined
}

export function intentVerifyCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'verify <file>',
    'Check a signed intent: every rule, then that order.user signed it',
    (command) =>
      command
        .positional('file', { type: 'string', demandOption: true, describe: 'Signed intent, or - for stdin' })
        .options({
          'check-deadlines': {
            type: 'boolean',
            describe:
              'Also fail if openDeadline has passed (off by default: files are checked long after signing)',
          },
          now: {
            type: 'string',
            describe: 'Unix seconds to check deadlines against (implies --check-deadlines)',
          },
        }),
    (argv) => intentVerify(argv),
  )
}

async function intentVerify(argv: IntentVerifyArgs): Promise<void> {
  const signed = await readSignedDocument(argv.file)
  const result = verifyIntent(signed, deadlineCheck(argv))
  if (argv.json) printJson({ valid: true, ...result })
  else
    printFields([
      ['signer', result.signer],
      ['orderId', result.orderId],
      ['digest', result.digest],
    ])
}

function deadlineCheck(argv: IntentVerifyArgs): { now?: number } {
  if (argv.now !== undefined) return { now: parseIntegerFlag('now', argv.now, 2 ** 32 - 1) }
  if (argv.checkDeadlines === true) return { now: Math.floor(Date.now() / 1000) }
  return {}
}
