import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { intentDigest, parseIntent, signIntent, stringifyIntent, toIntentJson } from '@xmargin/intents'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { buildIntent } from '../intent/buildIntent.ts'
import { DEMO_TERMS } from '../intent/demoTerms.ts'
import { formatDocument } from '../intent/formatDocument.ts'
import { type RunCliResult, runCli } from '../testing/runCli.ts'

// Anvil's first dev key: public, never holds value.
const TRADER = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')

type Answer = { status: number; body: unknown }
type Received = { method: string; url: string; contentType: string | undefined; body: string }

/** Answers like a node's API: the next answer is set by each test; every request is recorded. */
let answer: Answer
const received: Received[] = []
let server: Server
let node: string
let dir: string
let orderId: string
/** What the node must receive: the one canonical encoding of the signed intent. */
let canonical: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmargin-submit-test-'))
  const intent = buildIntent({
    flags: DEMO_TERMS,
    trader: TRADER.address,
    now: 1_800_000_000,
    defaultNonce: 7n,
  })
  orderId = intentDigest(intent).orderId
  const signed = await signIntent({ intent, account: TRADER })
  canonical = stringifyIntent(signed)
  await writeFile(join(dir, 'signed.json'), formatDocument(signed))
  await writeFile(join(dir, 'respelt.json'), respell(toIntentJson(signed)))
  await writeFile(join(dir, 'broken.json'), '{"order": ')
  const extra = { ...toIntentJson(signed), note: 'not signed, so not sent' }
  await writeFile(join(dir, 'extra.json'), JSON.stringify(extra))
  await writeFile(join(dir, 'unsigned.json'), formatDocument({ order: intent }))
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        body,
      })
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  node = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await rm(dir, { recursive: true, force: true })
})

const submit = (args: string[], stdin?: string) =>
  runCli(['intent', 'submit', ...args], { cwd: dir, ...(stdin === undefined ? {} : { stdin }) })

function expectOneLineFailure(result: RunCliResult): string {
  expect(result.code).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr.split('\n')).toHaveLength(2)
  return result.stderr.trimEnd()
}

/** The same intent spelt another way: keys in reverse order, lowercase addresses, tabs. */
function respell(value: unknown): string {
  const reorder = (v: unknown): unknown => {
    if (typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v)) return v.toLowerCase()
    if (typeof v !== 'object' || v === null) return v
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([key, inner]) => [key, reorder(inner)]),
    )
  }
  return `${JSON.stringify(reorder(value), null, '\t')}\n\n`
}

test('posts the canonical encoding of the signed file, not its indented text, and prints the orderId', async () => {
  answer = { status: 202, body: { orderId, status: 'accepted' } }
  const result = await submit(['signed.json', '--node', node])
  expect(result).toEqual({ code: 0, stderr: '', stdout: `orderId: ${orderId}\nstatus:  accepted\n` })
  const file = await readFile(join(dir, 'signed.json'), 'utf8')
  expect(received.at(-1)).toEqual({
    method: 'POST',
    url: '/v1/intents',
    contentType: 'application/json',
    body: stringifyIntent(parseIntent(file)),
  })
  expect(received.at(-1)?.body).not.toBe(file)
})

test('another spelling of the same intent is sent as the same canonical bytes', async () => {
  answer = { status: 202, body: { orderId, status: 'accepted' } }
  const respelt = await readFile(join(dir, 'respelt.json'), 'utf8')
  expect(respelt).toContain(TRADER.address.toLowerCase())
  expect((await submit(['respelt.json', '--node', node])).code).toBe(0)
  expect(received.at(-1)?.body).toBe(canonical)
})

test("a file that is not an intent is refused here with the intent's code; nothing is sent", async () => {
  const before = received.length
  expect(expectOneLineFailure(await submit(['broken.json', '--node', node]))).toMatch(
    /^xmargin: MALFORMED_JSON: not valid JSON: /,
  )
  expect(expectOneLineFailure(await submit(['extra.json', '--node', node]))).toBe(
    'xmargin: UNKNOWN_FIELD: note: unknown field',
  )
  expect(received.length).toBe(before)
})

test('a duplicate says the node already knows it; --json prints the answer', async () => {
  answer = { status: 200, body: { orderId, status: 'duplicate' } }
  const human = await submit(['signed.json', '--node', node])
  expect(human).toEqual({
    code: 0,
    stderr: '',
    stdout: `orderId: ${orderId}\nstatus:  already known to the node\n`,
  })
  const machine = await submit(['signed.json', '--node', node, '--json'])
  expect(JSON.parse(machine.stdout)).toEqual({ orderId, status: 'duplicate' })
})

test('reads stdin for -', async () => {
  answer = { status: 202, body: { orderId, status: 'accepted' } }
  const text = await readFile(join(dir, 'signed.json'), 'utf8')
  const result = await submit(['-', '--node', `${node}/`], text)
  expect(result.code).toBe(0)
  expect(received.at(-1)?.body).toBe(canonical)
})

test('a rule the node enforces: one line with field, message and code, exit 2', async () => {
  answer = {
    status: 422,
    body: { code: 'NONCE_USED', message: 'nonce 7 of the trader is already used', field: 'order.nonce' },
  }
  expect(expectOneLineFailure(await submit(['signed.json', '--node', node]))).toBe(
    'xmargin: order.nonce: nonce 7 of the trader is already used (NONCE_USED)',
  )
})

test('a message that already names its field does not repeat it', async () => {
  answer = {
    status: 422,
    body: {
      code: 'EXPIRED',
      message: 'order.openDeadline: deadline 1 has passed (now 2)',
      field: 'order.openDeadline',
    },
  }
  expect(expectOneLineFailure(await submit(['signed.json', '--node', node]))).toBe(
    'xmargin: order.openDeadline: deadline 1 has passed (now 2) (EXPIRED)',
  )
  answer = { status: 429, body: { code: 'RATE_LIMITED', message: 'too many requests: at most 60 per 60 s' } }
  expect(expectOneLineFailure(await submit(['signed.json', '--node', node]))).toBe(
    'xmargin: too many requests: at most 60 per 60 s (RATE_LIMITED)',
  )
})

test('an unsigned intent is refused before anything is sent', async () => {
  const before = received.length
  expect(expectOneLineFailure(await submit(['unsigned.json', '--node', node]))).toBe(
    'xmargin: unsigned.json: no signature (sign it first: xmargin intent sign unsigned.json)',
  )
  expect(received.length).toBe(before)
})

test('a node that is not there is named by its URL', async () => {
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
  await new Promise((resolve) => closed.close(resolve))
  expect(expectOneLineFailure(await submit(['signed.json', '--node', url]))).toBe(
    `xmargin: cannot reach the node at ${url}: connection refused (is the node running?)`,
  )
})

test('a --node that is not an http URL is a usage error', async () => {
  expect(expectOneLineFailure(await submit(['signed.json', '--node', 'ftp://x']))).toBe(
    'xmargin: --node ftp://x: expected an http:// or https:// URL',
  )
})
