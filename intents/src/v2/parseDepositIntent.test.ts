import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { arbitraryDepositIntent } from '../../testing/v2/arbitrary.ts'
import { sampleDeposit, trader } from '../../testing/v2/samples.ts'
import { IntentError } from '../errors.ts'
import { MAX_DEPOSIT_JSON_BYTES, MAX_SIGNATURE_BYTES } from './constants.ts'
import { parseDepositIntent } from './parseDepositIntent.ts'
import { signDepositIntent } from './signDepositIntent.ts'
import { stringifyDepositIntent } from './stringifyDepositIntent.ts'
import { toDepositIntentJson } from './toDepositIntentJson.ts'

const short = sampleDeposit({
  orderData: {
    ...sampleDeposit().orderData,
    trade: { ...sampleDeposit().orderData.trade, sizeDelta: -(5n * 10n ** 18n) },
  },
})
const signed = await signDepositIntent({ intent: short, account: trader })
const canonical = toDepositIntentJson(signed)

function failure(text: string): { code: string; field: string | undefined; message: string } {
  try {
    parseDepositIntent(text)
  } catch (error) {
    if (error instanceof IntentError) return { code: error.code, field: error.field, message: error.message }
    throw error
  }
  throw new Error('expected parseDepositIntent to fail')
}

/** The canonical document with one field replaced (or removed, with `undefined`). */
function edited(path: string, value: unknown): string {
  const document = structuredClone(canonical) as Record<string, unknown>
  const keys = path.split('.')
  const last = keys.pop() as string
  let node = document
  for (const key of keys) node = node[key] as Record<string, unknown>
  if (value === undefined) delete node[last]
  else node[last] = value
  return JSON.stringify(document)
}

describe('parseDepositIntent / stringifyDepositIntent', () => {
  test('random valid intents round-trip, signed and unsigned, and the text is canonical', () => {
    fc.assert(
      fc.property(arbitraryDepositIntent, fc.boolean(), (order, withSignature) => {
        const document = withSignature ? { order, signature: signed.signature } : { order }
        const text = stringifyDepositIntent(document)
        expect(parseDepositIntent(text)).toEqual(document)
        expect(stringifyDepositIntent(parseDepositIntent(text))).toBe(text)
      }),
      { numRuns: 1000, seed: 3 },
    )
  })

  test('the canonical form: type order, int256 and uint256 as decimal strings, small integers as numbers', () => {
    expect(stringifyDepositIntent(signed)).toBe(
      '{"order":{"originSettler":"0x5FbDB2315678afecb367f032d93F642f64180aa3","user":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","nonce":"1","originChainId":"31337","openDeadline":1800000060,"fillDeadline":1800000300,' +
        '"orderData":{"token":"0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0","amount":"2000000000000000000","destinationChainId":"31338","engine":"0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512","account":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","route":"hyperlane",' +
        '"fee":{"startBps":2,"maxBps":30,"startTime":1800000000,"endTime":1800000120},' +
        '"trade":{"market":"ETH-USD","sizeDelta":"-5000000000000000000","limitPrice":"3100000000000000000000","maxLeverageBps":100000}}},' +
        `"signature":"${signed.signature}"}`,
    )
  })

  test('accepts lowercase addresses and returns them checksummed, and UTF-8 bytes as well as text', () => {
    expect(
      parseDepositIntent(edited('order.orderData.engine', short.orderData.engine.toLowerCase())),
    ).toEqual(signed)
    expect(parseDepositIntent(new TextEncoder().encode(stringifyDepositIntent(signed)))).toEqual(signed)
  })

  test('carries a contract wallet’s longer signature (the rule is the verifier’s business)', () => {
    const long = `0x${'ab'.repeat(200)}`
    expect(parseDepositIntent(edited('signature', long)).signature).toBe(long)
    expect(parseDepositIntent(edited('signature', '0x')).signature).toBe('0x')
  })

  test.each([
    ['an unknown top-level field', 'extra', 1, 'UNKNOWN_FIELD', 'extra'],
    [
      'a v1 field',
      'order.orderData.collateralToken',
      trader.address,
      'UNKNOWN_FIELD',
      'order.orderData.collateralToken',
    ],
    [
      'an unknown trade field',
      'order.orderData.trade.isLong',
      true,
      'UNKNOWN_FIELD',
      'order.orderData.trade.isLong',
    ],
    ['a missing trade', 'order.orderData.trade', undefined, 'MISSING_FIELD', 'order.orderData.trade'],
    [
      'a missing size',
      'order.orderData.trade.sizeDelta',
      undefined,
      'MISSING_FIELD',
      'order.orderData.trade.sizeDelta',
    ],
    [
      'an int256 as a JSON number',
      'order.orderData.trade.sizeDelta',
      -5,
      'INVALID_FIELD',
      'order.orderData.trade.sizeDelta',
    ],
    [
      'a size with a plus sign',
      'order.orderData.trade.sizeDelta',
      '+5',
      'INVALID_FIELD',
      'order.orderData.trade.sizeDelta',
    ],
    [
      'a size of -0',
      'order.orderData.trade.sizeDelta',
      '-0',
      'INVALID_FIELD',
      'order.orderData.trade.sizeDelta',
    ],
    [
      'a size with a leading zero',
      'order.orderData.trade.sizeDelta',
      '-05',
      'INVALID_FIELD',
      'order.orderData.trade.sizeDelta',
    ],
    [
      'a size past int256',
      'order.orderData.trade.sizeDelta',
      (2n ** 255n).toString(),
      'INVALID_FIELD',
      'order.orderData.trade.sizeDelta',
    ],
    [
      'a size below int256',
      'order.orderData.trade.sizeDelta',
      (-(2n ** 255n) - 1n).toString(),
      'INVALID_FIELD',
      'order.orderData.trade.sizeDelta',
    ],
    ['a negative amount', 'order.orderData.amount', '-1', 'INVALID_FIELD', 'order.orderData.amount'],
    ['a uint256 as a JSON number', 'order.nonce', 1, 'INVALID_FIELD', 'order.nonce'],
    [
      'a bad checksum',
      'order.user',
      '0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      'INVALID_FIELD',
      'order.user',
    ],
    [
      'a fee past uint16',
      'order.orderData.fee.maxBps',
      70_000,
      'INVALID_FIELD',
      'order.orderData.fee.maxBps',
    ],
    ['a signature of odd length', 'signature', '0x123', 'INVALID_FIELD', 'signature'],
    [
      'an over-long signature',
      'signature',
      `0x${'00'.repeat(MAX_SIGNATURE_BYTES + 1)}`,
      'INVALID_FIELD',
      'signature',
    ],
    [
      'a market on a no-size trade',
      'order.orderData.trade.sizeDelta',
      '0',
      'INVALID_FIELD',
      'order.orderData.trade.market',
    ],
  ])('rejects %s, naming the field', (_case, path, value, code, field) => {
    const error = failure(edited(path, value))
    expect(error).toMatchObject({ code, field })
    expect(error.message.startsWith(`${field}:`)).toBe(true)
  })

  test('rejects a key written twice, naming it (JSON.parse would keep the last)', () => {
    const text = stringifyDepositIntent(signed).replace('"sizeDelta":', '"sizeDelta":"5","sizeDelta":')
    expect(failure(text)).toEqual({
      code: 'MALFORMED_JSON',
      field: 'order.orderData.trade.sizeDelta',
      message: 'order.orderData.trade.sizeDelta: duplicate key (each key may appear once per object)',
    })
  })

  test.each([
    ['1e5', 'maxLeverageBps'],
    ['100000.0', 'maxLeverageBps'],
    ['-0', 'startBps'],
  ])('rejects the number form %s, which JSON.parse reads as an integer', (literal, key) => {
    const text = stringifyDepositIntent(signed).replace(new RegExp(`"${key}":\\d+`), `"${key}":${literal}`)
    expect(failure(text)).toMatchObject({
      code: 'INVALID_FIELD',
      field: expect.stringMatching(new RegExp(`${key}$`)),
    })
  })

  test('rejects documents over the size limit, and text that is not JSON', () => {
    expect(failure(`${stringifyDepositIntent(signed)}${' '.repeat(MAX_DEPOSIT_JSON_BYTES)}`)).toMatchObject({
      code: 'TOO_LARGE',
    })
    expect(failure('{"order": ')).toMatchObject({ code: 'MALFORMED_JSON' })
    expect(failure('[]')).toMatchObject({ code: 'INVALID_FIELD', field: '(document)' })
  })
})
