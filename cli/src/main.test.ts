import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { intentWalletPayload, parseIntent, signIntent } from '@xmargin/intents'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildIntent } from './intent/buildIntent.ts'
import { DEMO_TERMS } from './intent/demoTerms.ts'
import { formatDocument } from './intent/formatDocument.ts'
import { PBKDF2_VECTOR } from './testing/keystoreVectors.ts'
import { type RunCliResult, runCli } from './testing/runCli.ts'

// Anvil's first dev key: public, never holds value.
const TRADER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const TRADER = privateKeyToAccount(TRADER_KEY).address
const OTHER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

const NEW_FLAGS = ['--amount', '2', '--side', 'long', '--size', '5', '--limit-price', '3100']

let dir: string
const run = (
  args: string[],
  options: { env?: Record<string, string>; stdin?: string; nodeOptions?: string[] } = {},
) => runCli(args, { cwd: dir, ...options })

/** A failure as the user sees it: exit 2, nothing on stdout, exactly one line on stderr. */
function expectOneLineFailure(result: RunCliResult): string {
  expect(result.code).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr.endsWith('\n')).toBe(true)
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  return lines[0] ?? ''
}

// Fixtures are made in-process (fast); every assertion is on the real executable.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmargin-cli-test-'))
  const intent = buildIntent({ flags: DEMO_TERMS, trader: TRADER, now: 1_800_000_000, defaultNonce: 42n })
  const signed = await signIntent({ intent, account: privateKeyToAccount(TRADER_KEY) })
  await writeFile(join(dir, 'unsigned.json'), formatDocument({ order: intent }))
  await writeFile(join(dir, 'signed.json'), formatDocument(signed))
  // A keystore without an address field: the CLI must ask for the password to learn whose key it is.
  await writeFile(join(dir, 'no-address.keystore.json'), JSON.stringify(PBKDF2_VECTOR))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe.concurrent('xmargin', () => {
  test('intent new, then sign with --private-key-env, then verify: exit 0 and the signer', async () => {
    const created = await run(['intent', 'new', '--trader', TRADER, ...NEW_FLAGS, '--out', 'rt.json'])
    expect(created).toMatchObject({ code: 0, stderr: '' })
    expect(created.stdout).toMatch(/^wrote: +rt\.json\norderId: +0x[0-9a-f]{64}\n$/)
    const text = await readFile(join(dir, 'rt.json'), 'utf8')
    expect(text.endsWith('}\n')).toBe(true)
    expect(parseIntent(text).order.orderData.collateralAmount).toBe(2n * 10n ** 18n)

    const signed = await run(
      ['intent', 'sign', 'rt.json', '--private-key-env', 'TRADER_KEY', '--out', 'rt.signed.json'],
      {
        env: { TRADER_KEY },
      },
    )
    expect(signed).toMatchObject({ code: 0, stderr: '' })

    const verified = await run(['intent', 'verify', 'rt.signed.json'])
    expect(verified).toMatchObject({ code: 0, stderr: '' })
    expect(verified.stdout).toContain(`signer:  ${TRADER}`)
    expect(verified.stdout).toMatch(/^orderId: 0x[0-9a-f]{64}$/m)
  })

  test('--json output parses, and verify and hash agree on the orderId', async () => {
    const [verified, hashed, created] = await Promise.all([
      run(['intent', 'verify', 'signed.json', '--json']),
      run(['intent', 'hash', 'signed.json', '--json']),
      run(['intent', 'new', '--trader', TRADER, ...NEW_FLAGS, '--nonce', '7', '--json']),
    ])
    const verifyJson = JSON.parse(verified.stdout)
    expect(verifyJson).toEqual({
      valid: true,
      signer: TRADER,
      orderId: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      digest: expect.stringMatching(/^0x[0-9a-f]{64}$/),
    })
    expect(JSON.parse(hashed.stdout)).toEqual({ orderId: verifyJson.orderId, digest: verifyJson.digest })
    expect(created.stdout.trimEnd().split('\n')).toHaveLength(1)
    expect(parseIntent(created.stdout).order.nonce).toBe(7n)
  })

  test('a keystore: key new, intent new and sign with it, verify', async () => {
    const env = { PW: 'correct horse battery staple' }
    const created = await run(
      ['key', 'new', '--keystore', 'trader.keystore.json', '--password-env', 'PW', '--json'],
      { env },
    )
    expect(created).toMatchObject({ code: 0, stderr: '' })
    const { address } = JSON.parse(created.stdout) as { address: string }

    const [shown, again] = await Promise.all([
      run(['key', 'address', '--keystore', 'trader.keystore.json']),
      run(['key', 'new', '--keystore', 'trader.keystore.json', '--password-env', 'PW'], { env }),
    ])
    expect(shown.stdout).toBe(`${address}\n`)
    expect(expectOneLineFailure(again)).toBe(
      'xmargin: cannot write trader.keystore.json: it already exists; refusing to overwrite',
    )

    // The trader's address comes from the keystore; no password needed for that.
    const intent = await run([
      'intent',
      'new',
      '--keystore',
      'trader.keystore.json',
      ...NEW_FLAGS,
      '--out',
      'ks.json',
    ])
    expect(intent.code).toBe(0)

    const [signed, wrong] = await Promise.all([
      run(
        [
          'intent',
          'sign',
          'ks.json',
          '--keystore',
          'trader.keystore.json',
          '--password-env',
          'PW',
          '--in-place',
        ],
        { env },
      ),
      run(['intent', 'sign', 'ks.json', '--keystore', 'trader.keystore.json', '--password-env', 'PW'], {
        env: { PW: 'wrong' },
      }),
    ])
    expect(signed).toMatchObject({ code: 0, stderr: '' })
    expect(expectOneLineFailure(wrong)).toBe(
      'xmargin: trader.keystore.json: wrong password, or the keystore is damaged',
    )

    const verified = await run(['intent', 'verify', 'ks.json'])
    expect(verified.code).toBe(0)
    expect(verified.stdout).toContain(`signer:  ${address}`)
  })

  test('a keystore and no --password-env, without a terminal: a clear error, no hang', async () => {
    const result = await run(['intent', 'sign', 'unsigned.json', '--keystore', 'no-address.keystore.json'])
    expect(expectOneLineFailure(result)).toBe(
      'xmargin: no password: give --password-env VAR, or run on a terminal to be asked',
    )
  })

  test.for([
    ['bad JSON', (text: string) => text.slice(0, 40), /^xmargin: MALFORMED_JSON: not valid JSON: /],
    [
      'an unknown field',
      (text: string) => text.replace('"route"', '"routing"'),
      /^xmargin: UNKNOWN_FIELD: order\.orderData\.routing: unknown field$/,
    ],
    [
      'a wrong type',
      (text: string) => text.replace('"nonce": "42"', '"nonce": 42'),
      /^xmargin: INVALID_FIELD: order\.nonce: expected an unsigned integer as a decimal string$/,
    ],
    [
      'a missing field',
      (text: string) => text.replace(/\s*"isLong": true,/, ''),
      /^xmargin: MISSING_FIELD: order\.orderData\.isLong: required field is missing$/,
    ],
  ] as const)('a file with %s: exit 2, one line naming the field', async ([name, corrupt, expected]) => {
    const file = `malformed-${name.replaceAll(' ', '-')}.json`
    await writeFile(join(dir, file), corrupt(await readFile(join(dir, 'signed.json'), 'utf8')))
    expect(expectOneLineFailure(await run(['intent', 'verify', file]))).toMatch(expected)
  })

  test('a tampered signed file: exit 2, SIGNER_MISMATCH', async () => {
    const signed = await readFile(join(dir, 'signed.json'), 'utf8')
    await writeFile(
      join(dir, 'tampered.json'),
      signed.replace('"size": "5000000000000000000"', '"size": "6000000000000000000"'),
    )
    const line = expectOneLineFailure(await run(['intent', 'verify', 'tampered.json']))
    expect(line).toMatch(
      new RegExp(
        `^xmargin: SIGNER_MISMATCH: signature: signed by 0x[0-9a-fA-F]{40}, not by order.user ${TRADER}$`,
      ),
    )
  })

  test('verify of an unsigned file says there is no signature', async () => {
    const line = expectOneLineFailure(await run(['intent', 'verify', 'unsigned.json']))
    expect(line).toBe(
      'xmargin: unsigned.json: no signature (sign it first: xmargin intent sign unsigned.json)',
    )
  })

  test('--check-deadlines fails an intent whose openDeadline has passed; without it, it verifies', async () => {
    const [checked, unchecked] = await Promise.all([
      run(['intent', 'verify', 'signed.json', '--now', '1900000000']),
      run(['intent', 'verify', 'signed.json']),
    ])
    expect(expectOneLineFailure(checked)).toBe(
      'xmargin: EXPIRED: order.openDeadline: deadline 1800000300 has passed (now 1900000000)',
    )
    expect(unchecked.code).toBe(0)
  })

  test('signing with a key that is not order.user is refused', async () => {
    const result = await run(['intent', 'sign', 'unsigned.json', '--private-key-env', 'K'], {
      env: { K: OTHER_KEY },
    })
    expect(expectOneLineFailure(result)).toBe(
      `xmargin: the key is ${privateKeyToAccount(OTHER_KEY).address}, but order.user is ${TRADER}`,
    )
  })

  test.for([
    [
      'a missing required flag',
      ['intent', 'new', '--trader', TRADER, '--side', 'long', '--size', '5', '--limit-price', '3100'],
      'xmargin: Missing required argument: amount',
    ],
    [
      'no trader and no key',
      ['intent', 'new', ...NEW_FLAGS],
      'xmargin: --trader is required (or give --private-key-env / --keystore)',
    ],
    [
      'a key on the command line',
      ['intent', 'sign', 'unsigned.json', '--private-key', TRADER_KEY],
      'xmargin: --private-key: keys are never taken on the command line; use --private-key-env VAR or --keystore FILE',
    ],
    [
      'a repeated term',
      ['intent', 'new', '--trader', TRADER, ...NEW_FLAGS, '--amount', '3'],
      'xmargin: --amount: given more than once',
    ],
    [
      'leverage below 1x',
      ['intent', 'new', '--trader', TRADER, ...NEW_FLAGS, '--max-leverage', '0.5'],
      'xmargin: --max-leverage: expected 1 to 100 (times), got "0.5"',
    ],
    ['a missing file', ['intent', 'verify', 'nope.json'], 'xmargin: cannot read nope.json: no such file'],
    ['a directory', ['intent', 'verify', '.'], 'xmargin: cannot read .: is a directory'],
    [
      'an unset key variable',
      ['intent', 'sign', 'unsigned.json', '--private-key-env', 'UNSET'],
      'xmargin: --private-key-env: environment variable UNSET is not set',
    ],
    [
      'no subcommand',
      ['intent'],
      'xmargin: intent: give a command (new, typed-data, sign, verify, hash, submit, status, demo)',
    ],
    ['an unknown command', ['frobnicate'], 'xmargin: Unknown argument: frobnicate'],
  ] as const)('%s: exit 2, one line', async ([, args, expected]) => {
    expect(expectOneLineFailure(await run([...args]))).toBe(expected)
  })

  test('typed-data prints the Permit2 payload a wallet signs', async () => {
    const [pretty, compact] = await Promise.all([
      run(['intent', 'typed-data', 'unsigned.json']),
      run(['intent', 'typed-data', 'unsigned.json', '--json']),
    ])
    const payload = JSON.parse(pretty.stdout)
    expect(payload.primaryType).toBe('PermitWitnessTransferFrom')
    expect(payload.domain.name).toBe('Permit2')
    expect(payload.message.witness.orderData.market).toBe('ETH-USD')
    const { order } = parseIntent(await readFile(join(dir, 'unsigned.json')))
    expect(compact.stdout).toBe(`${intentWalletPayload(order)}\n`)
  })

  test('- reads the document from stdin', async () => {
    const result = await run(['intent', 'hash', '-'], {
      stdin: await readFile(join(dir, 'signed.json'), 'utf8'),
    })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toMatch(/^orderId: 0x[0-9a-f]{64}\ndigest: +0x[0-9a-f]{64}\n$/)
  })

  test('intent demo walks the round trip and shows the tampered copy rejected', async () => {
    const result = await run(['intent', 'demo'])
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toContain('PermitWitnessTransferFrom')
    expect(result.stdout).toMatch(/rejected: SIGNER_MISMATCH: /)
  })

  test('--help and --version', async () => {
    const [help, version] = await Promise.all([run(['intent', 'new', '--help']), run(['--version'])])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--limit-price')
    expect(help.stdout).not.toContain('--private-key ')
    expect(version.stdout).toBe('0.1.0\n')
  })

  test('a Node without type stripping gets one line telling it what to do', async () => {
    const result = await run(['--version'], { nodeOptions: ['--no-experimental-strip-types'] })
    expect(expectOneLineFailure(result)).toBe(
      'xmargin needs Node ≥ 22.18 (run it through npm / npx, which use the Node 24 pinned in node_modules)',
    )
  })
})
