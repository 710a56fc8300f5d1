import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  IntentError,
  intentWalletPayload,
  type SignedMarginIntent,
  signIntent,
  verifyIntent,
} from '@xmargin/intents'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { Argv } from 'yargs'
import { InternalError } from '../errors.ts'
import { buildIntent } from '../intent/buildIntent.ts'
import { DEMO_TERMS } from '../intent/demoTerms.ts'
import { randomNonce } from '../intent/randomNonce.ts'
import { summarizeWalletPayload } from '../intent/summarizeWalletPayload.ts'
import { emitDocument } from '../io/emitDocument.ts'
import { readDocument, readSignedDocument } from '../io/readDocument.ts'
import { printFields, printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type IntentDemoArgs = GlobalOptions & { dir?: string | undefined }

type Section = { heading: string; fields: Array<[string, string]> }

export function intentDemoCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'demo',
    'Walk one intent through new, sign and verify, then tamper with it (no chain, no network)',
    (command) =>
      command.options({
        dir: {
          type: 'string',
          describe:
            'Keep the files (intent.json, signed.json, tampered.json) here; existing ones are replaced',
          defaultDescription: 'a temporary directory, removed afterwards',
        },
      }),
    (argv) => demo(argv),
  )
}

async function demo(argv: IntentDemoArgs): Promise<void> {
  const dir = argv.dir ?? (await mkdtemp(join(tmpdir(), 'xmargin-demo-')))
  try {
    await mkdir(dir, { recursive: true })
    const { sections, result } = await roundTrip(dir)
    if (argv.json) printJson(result)
    else
      printSections(
        argv.dir === undefined ? 'a temporary directory; --dir DIR keeps them' : argv.dir,
        sections,
      )
  } finally {
    if (argv.dir === undefined) await rm(dir, { recursive: true, force: true })
  }
}

/** The steps a trader takes, each done by the same code as the command it names. */
async function roundTrip(dir: string): Promise<{ sections: Section[]; result: Record<string, unknown> }> {
  const account = privateKeyToAccount(generatePrivateKey())
  const files = {
    intent: join(dir, 'intent.json'),
    signed: join(dir, 'signed.json'),
    tampered: join(dir, 'tampered.json'),
  }

  const now = Math.floor(Date.now() / 1000)
  const intent = buildIntent({ flags: DEMO_TERMS, trader: account.address, now, defaultNonce: randomNonce() })
  await emitDocument({ order: intent }, { out: files.intent, json: false })

  const { order } = await readDocument(files.intent)
  const payload = summarizeWalletPayload(intentWalletPayload(order), { collateralDecimals: 18 })

  const signed = await signIntent({ intent: order, account })
  await emitDocument(signed, { out: files.signed, json: false })

  const verified = verifyIntent(await readSignedDocument(files.signed))

  await tamperSize(files.signed, files.tampered)
  const rejection = rejectionOf(await readSignedDocument(files.tampered))

  const sections: Section[] = [
    { heading: 'A throwaway trader key, generated for this run', fields: [['trader', account.address]] },
    {
      heading: `$ xmargin intent new --trader ${account.address} --amount 2 --side long --size 5 --limit-price 3100 --out intent.json`,
      fields: [['wrote', 'intent.json (unsigned)']],
    },
    {
      heading: '$ xmargin intent typed-data intent.json   (what the wallet shows, in short)',
      fields: payload,
    },
    {
      heading: '$ xmargin intent sign intent.json --private-key-env TRADER_KEY --out signed.json',
      fields: [['signature', signed.signature]],
    },
    {
      heading: '$ xmargin intent verify signed.json',
      fields: [
        ['signer', verified.signer],
        ['orderId', verified.orderId],
        ['digest', verified.digest],
      ],
    },
    {
      heading: '$ xmargin intent verify tampered.json   (signed.json with size 5 → 6 ETH, signature kept)',
      fields: [['rejected', `${rejection.code}: ${rejection.message}`]],
    },
  ]
  const result = {
    ...verified,
    signature: signed.signature,
    tampered: { valid: false, code: rejection.code, message: rejection.message },
  }
  return { sections, result }
}

/** Copies a signed intent with one term changed, the way an attacker on the wire would. */
async function tamperSize(from: string, to: string): Promise<void> {
  const document = JSON.parse(await readFile(from, 'utf8')) as { order: { orderData: { size: string } } }
  document.order.orderData.size = (6n * 10n ** 18n).toString()
  await writeFile(to, `${JSON.stringify(document, null, 2)}\n`)
}

function rejectionOf(tampered: SignedMarginIntent): IntentError {
  try {
    verifyIntent(tampered)
  } catch (error) {
    if (error instanceof IntentError) return error
    throw error
  }
  throw new InternalError('demo: the tampered intent verified')
}

function printSections(where: string, sections: Section[]): void {
  printLines(`xmargin demo: one intent from creation to verification (files in ${where})`, '')
  for (const { heading, fields } of sections) {
    printLines(heading)
    printFields(fields, '  ')
    printLines('')
  }
  printLines('Every term is under the one signature: change any of them and the signer no longer matches.')
}
