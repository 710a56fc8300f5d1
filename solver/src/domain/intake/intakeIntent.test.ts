import { hashIntent, stringifyIntent, toIntentJson, verifyIntent } from '@xmargin/intents'
import { chainOf } from '@xmargin/settlement-contracts/deploy'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  parseEther,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createOriginState } from '../../infra/chain/originState.ts'
import { openForIntent, startTestDevnet, type TestDevnet } from '../../infra/hyperlane/testing/testDevnet.ts'
import { createSqliteStore } from '../../infra/store/createSqliteStore.ts'
import { VAULT_READ_ABI } from '../../pipeline/abis.ts'
import { openOrder } from '../../testing/devnetActions.ts'
import { signTestIntent, type TestIntentParameters } from '../../testing/testIntent.ts'
import { gossipVerdictOf } from './gossipVerdictOf.ts'
import { type IntakeDeps, intakeIntent } from './intakeIntent.ts'
import { networkViewOf } from './networkView.ts'

// A pass-through spy: verifyIntent is where intake recovers the signature, so its call count is the
// number of recoveries.
vi.mock('@xmargin/intents', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@xmargin/intents')>()
  return { ...actual, verifyIntent: vi.fn(actual.verifyIntent) }
})

describe('intakeIntent', () => {
  let devnet: TestDevnet
  let now: number
  let unapproved: Hex
  beforeAll(async () => {
    devnet = await startTestDevnet()
    const origin = chainOf(devnet.manifest, 'origin')
    const client = createPublicClient({ transport: http(origin.rpcUrl) })
    now = Number((await client.getBlock()).timestamp)
    const traders = devnet.manifest.accounts.traders
    // A fresh account holding WETH that never approved Permit2.
    unapproved = generatePrivateKey()
    const wallet = createWalletClient({
      transport: http(origin.rpcUrl),
      account: privateKeyToAccount(traders[1]?.privateKey as Hex),
    })
    const hash = await wallet.writeContract({
      chain: null,
      address: origin.contracts.weth as Address,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [privateKeyToAccount(unapproved).address, parseEther('5')],
    })
    await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  })
  afterAll(() => devnet?.stop())

  function deps(rpcUrl = chainOf(devnet.manifest, 'origin').rpcUrl): IntakeDeps {
    const origin = chainOf(devnet.manifest, 'origin')
    const state = createOriginState({
      client: createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) }),
      permit2: origin.contracts.permit2 as Address,
    })
    return {
      network: networkViewOf(devnet.manifest),
      originState: (chainId) => (chainId === origin.chainId ? state : undefined),
      now: () => now,
    }
  }

  function sign(overrides: Partial<TestIntentParameters> = {}) {
    return signTestIntent({ manifest: devnet.manifest, nonce: 1n, now, ...overrides })
  }

  /** What a user sees when intake refuses: code, field and the gossip verdict. */
  async function refusal(input: string | Uint8Array, intakeDeps = deps()) {
    try {
      await intakeIntent(input, intakeDeps)
    } catch (error) {
      const { code, field, message } = error as { code: string; field?: string; message: string }
      return { code, field, message, verdict: gossipVerdictOf(error) }
    }
    throw new Error('intake accepted the intent')
  }

  it('accepts a good signed intent, as text or bytes, with its orderId and canonical JSON', async () => {
    const signed = await sign()
    const json = stringifyIntent(signed)
    const result = await intakeIntent(json, deps())
    expect(result).toEqual({ orderId: hashIntent(signed.order), intent: signed, json, known: false })
    expect(await intakeIntent(new TextEncoder().encode(json), deps())).toEqual(result)
  })

  it('rejects malformed JSON', async () => {
    expect(await refusal('{"order":')).toMatchObject({
      code: 'MALFORMED_JSON',
      field: undefined,
      verdict: 'reject',
    })
  })

  it('rejects an unsigned intent, and an oversized document', async () => {
    const { order } = await sign()
    expect(await refusal(stringifyIntent({ order }))).toMatchObject({
      code: 'MISSING_FIELD',
      field: 'signature',
    })
    expect(await refusal(' '.repeat(100_000))).toMatchObject({ code: 'TOO_LARGE', verdict: 'reject' })
  })

  it('rejects terms changed after signing, and a signature that recovers no key', async () => {
    const signed = await sign()
    const tampered = stringifyIntent({
      ...signed,
      order: { ...signed.order, orderData: { ...signed.order.orderData, collateralAmount: parseEther('2') } },
    })
    expect(await refusal(tampered)).toMatchObject({
      code: 'SIGNER_MISMATCH',
      field: 'signature',
      verdict: 'reject',
    })
    const garbage = stringifyIntent({ ...signed, signature: `0x${'00'.repeat(64)}1b` })
    expect(await refusal(garbage)).toMatchObject({ code: 'INVALID_SIGNATURE', field: 'signature' })
  })

  it('rejects a route the network does not offer', async () => {
    const signed = await sign({ route: 'wormhole' })
    expect(await refusal(stringifyIntent(signed))).toMatchObject({
      code: 'UNKNOWN_ROUTE',
      field: 'orderData.route',
      verdict: 'reject',
    })
  })

  it('refuses an intent whose open deadline has passed; gossip ignores one that just passed', async () => {
    const signed = await sign({ now: now - 1_000 })
    expect(await refusal(stringifyIntent(signed))).toMatchObject({
      code: 'EXPIRED',
      field: 'openDeadline',
      verdict: 'reject',
    })
    // Its deadline passed a few seconds ago: another node's clock may still have it open.
    const justLate = await sign({ nonce: 77n, now: now - 310 })
    expect(await refusal(stringifyIntent(justLate))).toMatchObject({ code: 'EXPIRED', verdict: 'ignore' })
  })

  it('rejects a nonce already used by an opened order', async () => {
    await openForIntent(devnet.manifest, 4_242n)
    const signed = await sign({ nonce: 4_242n, isLong: false })
    expect(await refusal(stringifyIntent(signed))).toMatchObject({
      code: 'NONCE_USED',
      field: 'nonce',
      verdict: 'ignore', // chain state that moves: an honest forwarder may have seen it valid
    })
  })

  it('takes an order opened before its intent arrived, with its opener, where the nonce alone would refuse it', async () => {
    const signed = await sign({ nonce: 4_444n })
    await openOrder(devnet.manifest, signed)
    const orderId = hashIntent(signed.order)
    const origin = chainOf(devnet.manifest, 'origin')
    const client = createPublicClient({ transport: http(origin.rpcUrl) })
    const withVault: IntakeDeps = {
      ...deps(),
      openerOf: async (id) => {
        const escrow = await client.readContract({
          address: origin.contracts.collateralVault as Address,
          abi: VAULT_READ_ABI,
          functionName: 'escrowOf',
          args: [id],
        })
        return escrow.status === 0 ? undefined : escrow.opener
      },
    }
    expect(await intakeIntent(stringifyIntent(signed), withVault)).toMatchObject({
      orderId,
      known: false,
      openedBy: devnet.manifest.accounts.solvers[0]?.address,
    })
    // Another intent on that nonce is still refused for it.
    const other = await sign({ nonce: 4_444n, isLong: false })
    expect(await refusal(stringifyIntent(other), withVault)).toMatchObject({
      code: 'NONCE_USED',
      verdict: 'ignore',
    })
  })

  it('reports an order the node already holds as known, not as a spent nonce, once its signature holds', async () => {
    await openForIntent(devnet.manifest, 4_343n)
    const signed = await sign({ nonce: 4_343n, isLong: false })
    const orderId = hashIntent(signed.order)
    const known = { ...deps(), isKnown: (id: Hex) => id === orderId }
    expect(await intakeIntent(stringifyIntent(signed), known)).toMatchObject({ orderId, known: true })
    const forged = stringifyIntent({ ...signed, signature: `0x${'11'.repeat(65)}` })
    expect(await refusal(forged, known)).toMatchObject({ verdict: 'reject' })
  })

  it('rejects collateral above the balance', async () => {
    const signed = await sign({ nonce: 2n, collateralAmount: parseEther('101') })
    expect(await refusal(stringifyIntent(signed))).toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      field: 'orderData.collateralAmount',
      verdict: 'ignore', // chain state that moves: an honest forwarder may have seen it valid
    })
  })

  it('rejects an account that never approved Permit2', async () => {
    const signed = await sign({ privateKey: unapproved })
    expect(await refusal(stringifyIntent(signed))).toMatchObject({
      code: 'INSUFFICIENT_ALLOWANCE',
      field: 'orderData.collateralAmount',
      verdict: 'ignore', // chain state that moves: an honest forwarder may have seen it valid
    })
  })

  it('reports an unreachable origin chain as CHAIN_UNAVAILABLE, which gossip ignores', async () => {
    const signed = await sign({ nonce: 3n })
    expect(await refusal(stringifyIntent(signed), deps('http://127.0.0.1:9'))).toMatchObject({
      code: 'CHAIN_UNAVAILABLE',
      verdict: 'ignore',
    })
  })

  it('rejects a re-encoded copy of a valid intent as NON_CANONICAL, before any signature recovery', async () => {
    const signed = await sign({ nonce: 5n })
    const json = stringifyIntent(signed)
    const { order, signature } = toIntentJson(signed)
    const copies: Array<string | Uint8Array> = [
      ` ${json}`,
      `${json}\n`,
      JSON.stringify({ signature, order }), // keys reordered
      JSON.stringify(toIntentJson(signed), null, 2),
      json.replace(signed.order.user, signed.order.user.toLowerCase()),
      new TextEncoder().encode(`\t${json}`),
      // TextDecoder drops a byte-order mark, so the decoded text alone would look canonical
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(json)]),
    ]
    vi.mocked(verifyIntent).mockClear()
    for (const copy of copies) {
      expect(await refusal(copy)).toEqual({
        code: 'NON_CANONICAL',
        field: undefined,
        message: 'body: not the canonical encoding of the intent (re-encode it with stringifyIntent)',
        verdict: 'reject',
      })
    }
    expect(verifyIntent).not.toHaveBeenCalled()
    expect(await intakeIntent(json, deps())).toMatchObject({ known: false })
    expect(verifyIntent).toHaveBeenCalledTimes(1)
  })

  it('answers the canonical copy of a stored intent as known without recovering its signature', async () => {
    const signed = await sign({ nonce: 6n })
    const json = stringifyIntent(signed)
    const orderId = hashIntent(signed.order)
    const store = createSqliteStore(':memory:')
    store.putIntent({ orderId, intent: signed, receivedAtMs: 1 })
    const stored = { ...deps(), isKnownEncoding: (id: Hex, text: string) => store.hasIntentJson(id, text) }
    vi.mocked(verifyIntent).mockClear()
    expect(await intakeIntent(json, stored)).toEqual({ orderId, intent: signed, json, known: true })
    expect(await intakeIntent(new TextEncoder().encode(json), stored)).toMatchObject({ orderId, known: true })
    expect(verifyIntent).not.toHaveBeenCalled()
    // Same order, other signature bytes: not the stored encoding, so it is verified (and fails).
    const forged = stringifyIntent({ ...signed, signature: `0x${'11'.repeat(65)}` })
    expect(await refusal(forged, stored)).toMatchObject({ code: 'INVALID_SIGNATURE', verdict: 'reject' })
    expect(verifyIntent).toHaveBeenCalledTimes(1)
    store.close()
  })
})
