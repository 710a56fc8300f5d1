import { execFile } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import {
  type MessageTypes,
  SignTypedDataVersion,
  signTypedData,
  type TypedMessage,
} from '@metamask/eth-sig-util'
import { parseIntent, verifyIntent } from '@xmargin/intents'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { beforeAll, describe, expect, test } from 'vitest'

// A trader without the CLI's key handling: the intent is made by `xmargin`, signed by a browser wallet
// (MetaMask's own eth-sig-util, fed the exact eth_signTypedData_v4 payload), and checked again by
// `xmargin` and by the library a solver node uses.

const XMARGIN = fileURLToPath(new URL('../../node_modules/.bin/xmargin', import.meta.url))
// The workspace's pinned Node: the runner itself may have been started by an older system Node.
const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url))
const run = promisify(execFile)
const xmargin = (...args: string[]) => run(NODE, [XMARGIN, ...args])

const key = generatePrivateKey()
const trader = privateKeyToAccount(key)
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmargin-e2e-'))
})

/**
 * Makes an intent with `xmargin intent new`, has the "wallet" sign the payload that
 * `xmargin intent typed-data` prints (after `tamper`, to model a wallet shown other terms), and writes
 * the signed document. Returns its path.
 */
async function walletSignedIntent(name: string, flags: string[], tamper = (_payload: WalletPayload) => {}) {
  const intentFile = join(dir, `${name}.json`)
  await xmargin('intent', 'new', '--trader', trader.address, ...flags, '--out', intentFile)
  const { stdout } = await xmargin('intent', 'typed-data', intentFile, '--json')
  const payload = JSON.parse(stdout) as WalletPayload
  tamper(payload)
  const signature = signTypedData({
    privateKey: Buffer.from(key.slice(2), 'hex'),
    data: payload,
    version: SignTypedDataVersion.V4,
  })
  const signedFile = join(dir, `${name}-signed.json`)
  await writeFile(
    signedFile,
    JSON.stringify({ ...JSON.parse(await readFile(intentFile, 'utf8')), signature }),
  )
  return signedFile
}

type WalletPayload = TypedMessage<MessageTypes> & {
  message: { witness: { orderData: Record<string, unknown> } }
}

describe('a browser wallet signs what the CLI prepares', () => {
  test('xmargin intent new → wallet signs typed-data → xmargin intent verify', async () => {
    const signedFile = await walletSignedIntent('short', [
      ...['--amount', '0.75', '--side', 'short', '--size', '2', '--limit-price', '2900.5'],
      ...['--max-leverage', '5', '--market', 'ETH-USD'],
    ])

    const { stdout } = await xmargin('intent', 'verify', signedFile, '--json')
    const verified = JSON.parse(stdout)
    expect(verified).toMatchObject({ valid: true, signer: trader.address })

    // The node-side library reads the same file to the same orderId.
    const document = parseIntent(await readFile(signedFile, 'utf8'))
    expect(document.order.orderData).toMatchObject({
      isLong: false,
      size: 2n * 10n ** 18n,
      maxLeverageBps: 50_000,
    })
    expect(verifyIntent({ order: document.order, signature: document.signature ?? '0x' }).orderId).toBe(
      verified.orderId,
    )
    const { stdout: hashed } = await xmargin('intent', 'hash', signedFile, '--json')
    expect(JSON.parse(hashed).orderId).toBe(verified.orderId)
  })

  test('a wallet signature over different terms is refused by xmargin intent verify with the rule', async () => {
    const signedFile = await walletSignedIntent(
      'tampered',
      ['--amount', '1', '--side', 'long', '--size', '1', '--limit-price', '3000'],
      (payload) => {
        payload.message.witness.orderData.maxLeverageBps = 1_000_000 // the wallet was shown 100×, not 10×
      },
    )
    const failure = await xmargin('intent', 'verify', signedFile).catch(
      (error: { code: number; stderr: string }) => error,
    )
    expect(failure).toMatchObject({ code: 2 })
    expect((failure as { stderr: string }).stderr).toMatch(
      /^xmargin: SIGNER_MISMATCH: signature: signed by 0x[0-9a-fA-F]{40}, not by order.user/,
    )
  })
})
