import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { arbitraryIntent } from '../testing/arbitraryIntent.ts'
import { sampleIntent, trader } from '../testing/sampleIntent.ts'
import { MAX_INTENT_JSON_BYTES } from './constants.ts'
import { IntentError } from './errors.ts'
import { parseIntent } from './parseIntent.ts'
import { signIntent } from './signIntent.ts'
import { stringifyIntent } from './stringifyIntent.ts'
import { toIntentJson } from './toIntentJson.ts'

const signed = await signIntent({ intent: sampleIntent(), account: trader })
const canonical = toIntentJson(signed)

function failure(text: string): { code: string; field: string | undefined; message: string } {
  try {
    parseIntent(text)
  } catch (error) {
    if (error instanceof IntentError) return { code: error.code, field: error.field, message: error.message }
    throw error
  }
  throw new Error('expected parseIntent to fail')
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

describe('parseIntent / stringifyIntent', () => {
  test('random valid intents round-trip, signed and unsigned', () => {
    fc.assert(
      fc.property(arbitraryIntent, fc.boolean(), (order, withSignature) => {
        const document = withSignature ? { order, signature: signed.signature } : { order }
        const text = stringifyIntent(document)
        expect(parseIntent(text)).toEqual(document)
        expect(stringifyIntent(parseIntent(text))).toBe(text)
      }),
      { numRuns: 1000, seed: 3 },
    )
  })

  test('the canonical form has uint256 as decimal strings and checksummed addresses', () => {
    expect(canonical.order.nonce).toBe('1')
    expect(canonical.order.orderData.collateralAmount).toBe('2000000000000000000')
    expect(canonical.order.user).toBe(trader.address)
    expect(canonical.order.openDeadline).toBe(1_800_000_060)
  })

  test('accepts lowercase addresses and returns them checksummed', () => {
    const parsed = parseIntent(edited('order.user', trader.address.toLowerCase()))
    expect(parsed.order.user).toBe(trader.address)
  })

  test('accepts UTF-8 bytes as well as text', () => {
    expect(parseIntent(new TextEncoder().encode(stringifyIntent(signed)))).toEqual(signed)
  })

  test.each([
    ['an unknown top-level field', 'extra', 1, 'UNKNOWN_FIELD', 'extra'],
    ['an unknown nested field', 'order.orderData.leverage', 5, 'UNKNOWN_FIELD', 'order.orderData.leverage'],
    ['a missing field', 'order.orderData.size', undefined, 'MISSING_FIELD', 'order.orderData.size'],
    ['a uint256 as a JSON number', 'order.nonce', 1, 'INVALID_FIELD', 'order.nonce'],
    [
      'a negative amount',
      'order.orderData.collateralAmount',
      '-1',
      'INVALID_FIELD',
      'order.orderData.collateralAmount',
    ],
    ['a hex amount', 'order.orderData.size', '0x10', 'INVALID_FIELD', 'order.orderData.size'],
    ['leading zeros', 'order.orderData.size', '007', 'INVALID_FIELD', 'order.orderData.size'],
    ['2^256', 'order.nonce', (2n ** 256n).toString(), 'INVALID_FIELD', 'order.nonce'],
    ['a fractional deadline', 'order.openDeadline', 1.5, 'INVALID_FIELD', 'order.openDeadline'],
    ['a deadline past uint32', 'order.fillDeadline', 2 ** 32, 'INVALID_FIELD', 'order.fillDeadline'],
    [
      'a fee past uint16',
      'order.orderData.fee.maxBps',
      70_000,
      'INVALID_FIELD',
      'order.orderData.fee.maxBps',
    ],
    [
      'a bad checksum',
      'order.user',
      '0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      'INVALID_FIELD',
      'order.user',
    ],
    ['a short address', 'order.originSettler', '0x1234', 'INVALID_FIELD', 'order.originSettler'],
    ['side as a string', 'order.orderData.isLong', 'long', 'INVALID_FIELD', 'order.orderData.isLong'],
    ['a null fee', 'order.orderData.fee', null, 'INVALID_FIELD', 'order.orderData.fee'],
    ['a short signature', 'signature', '0x12', 'INVALID_FIELD', 'signature'],
    [
      'an unknown market format',
      'order.orderData.market',
      'ETHUSD',
      'INVALID_FIELD',
      'order.orderData.market',
    ],
    ['an over-long route', 'order.orderData.route', 'r'.repeat(33), 'INVALID_FIELD', 'order.orderData.route'],
  ])('rejects %s, naming the field', (_case, path, value, code, field) => {
    const error = failure(edited(path, value))
    expect(error).toMatchObject({ code, field })
    expect(error.message.startsWith(`${field}:`)).toBe(true)
  })

  test.each([
    [
      'at the top level',
      (text: string) => text.replace('{"order":', '{"signature":"0x00","order":'),
      'signature',
    ],
    [
      'in a nested object',
      (text: string) => text.replace('"startBps":', '"maxBps":10000,"startBps":'),
      'order.orderData.fee.maxBps',
    ],
    [
      'spelt with an escape',
      (text: string) => text.replace('"route":', '"route":"x","\\u0072oute":'),
      'order.orderData.route',
    ],
  ])('rejects a key written twice %s, naming it (JSON.parse would keep the last)', (_case, edit, field) => {
    const text = edit(stringifyIntent(signed))
    expect(JSON.parse(text)).toBeTypeOf('object')
    const error = failure(text)
    expect(error).toMatchObject({ code: 'MALFORMED_JSON', field })
    expect(error.message).toBe(`${field}: duplicate key (each key may appear once per object)`)
  })

  test.each([
    ['1796109.956e3', 'order.openDeadline'],
    ['1e3', 'order.orderData.fee.startBps'],
    ['-0', 'order.orderData.fee.startBps'],
    ['1.0', 'order.orderData.fee.startBps'],
    ['1800000060.0', 'order.openDeadline'],
  ])('rejects the number form %s, which JSON.parse reads as an integer', (literal, field) => {
    const key = field.split('.').at(-1) as string
    const text = stringifyIntent(signed).replace(new RegExp(`"${key}":\\d+`), `"${key}":${literal}`)
    expect(text).toContain(`"${key}":${literal}`)
    const read = field
      .split('.')
      .reduce((node: unknown, k) => (node as Record<string, unknown>)[k], JSON.parse(text))
    expect(Number.isInteger(read)).toBe(true)
    const error = failure(text)
    expect(error).toMatchObject({ code: 'INVALID_FIELD', field })
    expect(error.message).toBe(
      `${field}: expected a plain integer literal (no fraction, exponent, leading zero or -0), got ${literal}`,
    )
  })

  test('rejects a number with a leading zero (JSON itself forbids it)', () => {
    const text = stringifyIntent(signed).replace('"startBps":', '"startBps":0')
    expect(failure(text)).toMatchObject({ code: 'MALFORMED_JSON' })
  })

  test('still accepts a normal intent, and whitespace between tokens', () => {
    expect(parseIntent(stringifyIntent(signed))).toEqual(signed)
    expect(parseIntent(JSON.stringify(canonical, null, 2))).toEqual(signed)
  })

  test('rejects text that is not JSON', () => {
    expect(failure('{"order": ')).toMatchObject({ code: 'MALFORMED_JSON' })
  })

  test('rejects a document that is not an object', () => {
    expect(failure('[]')).toMatchObject({ code: 'INVALID_FIELD', field: '(document)' })
  })

  test('rejects documents over the size limit before parsing them', () => {
    const padded = `${stringifyIntent(signed)}${' '.repeat(MAX_INTENT_JSON_BYTES)}`
    expect(failure(padded)).toMatchObject({ code: 'TOO_LARGE' })
  })

  test('rejects invalid UTF-8 bytes', () => {
    expect(() => parseIntent(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(/not valid JSON/)
  })
})
