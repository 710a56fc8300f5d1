import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { arbitraryAction, arbitraryDomain } from '../../testing/v2/arbitrary.ts'
import { domain, sampleTrade, sampleWithdraw, trader } from '../../testing/v2/samples.ts'
import { IntentError } from '../errors.ts'
import { MAX_ACTION_JSON_BYTES } from './constants.ts'
import { parseAction } from './parseAction.ts'
import { signAction } from './signAction.ts'
import { stringifyAction } from './stringifyAction.ts'
import { toActionJson } from './toActionJson.ts'

const trade = await signAction({
  action: { kind: 'trade', message: sampleTrade() },
  account: trader,
  ...domain,
})
const withdraw = await signAction({
  action: { kind: 'withdraw', message: sampleWithdraw() },
  account: trader,
  ...domain,
})

function failure(text: string): { code: string; field: string | undefined; message: string } {
  try {
    parseAction(text)
  } catch (error) {
    if (error instanceof IntentError) return { code: error.code, field: error.field, message: error.message }
    throw error
  }
  throw new Error('expected parseAction to fail')
}

function edited(document: object, path: string, value: unknown): string {
  const copy = structuredClone(document) as Record<string, unknown>
  const keys = path.split('.')
  const last = keys.pop() as string
  let node = copy
  for (const key of keys) node = node[key] as Record<string, unknown>
  if (value === undefined) delete node[last]
  else node[last] = value
  return JSON.stringify(copy)
}

describe('parseAction / stringifyAction', () => {
  test('random valid actions round-trip, signed and unsigned, and the text is canonical', () => {
    fc.assert(
      fc.property(arbitraryAction, arbitraryDomain, fc.boolean(), (action, on, withSignature) => {
        const document = withSignature
          ? { ...action, ...on, signature: trade.signature }
          : { ...action, ...on }
        const text = stringifyAction(document)
        expect(parseAction(text)).toEqual(document)
        expect(stringifyAction(parseAction(text))).toBe(text)
      }),
      { numRuns: 1000, seed: 5 },
    )
  })

  test('a document says its kind, then its domain, then the message in type order', () => {
    expect(stringifyAction(trade)).toBe(
      '{"kind":"trade","chainId":"31338","engine":"0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",' +
        '"message":{"account":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","market":"ETH-USD","sizeDelta":"-5000000000000000000","limitPrice":"2900000000000000000000","maxLeverageBps":50000,"maxRelayerFee":"1000000","nonce":"7","deadline":1800000600},' +
        `"signature":"${trade.signature}"}`,
    )
    expect(Object.keys(toActionJson(withdraw).message)).toEqual([
      'account',
      'chainId',
      'token',
      'amount',
      'to',
      'maxFastFeeBps',
      'maxRelayerFee',
      'nonce',
      'deadline',
    ])
    expect(parseAction(stringifyAction(withdraw))).toEqual(withdraw)
  })

  test.each([
    ['an unknown kind', 'kind', 'transfer', 'INVALID_FIELD', 'kind'],
    ['a missing kind', 'kind', undefined, 'MISSING_FIELD', 'kind'],
    ['a missing domain', 'engine', undefined, 'MISSING_FIELD', 'engine'],
    ['a chain id as a number', 'chainId', 31338, 'INVALID_FIELD', 'chainId'],
    ['a withdrawal field in a trade', 'message.to', trader.address, 'UNKNOWN_FIELD', 'message.to'],
    ['a zero size', 'message.sizeDelta', '0', 'INVALID_FIELD', 'message.sizeDelta'],
    ['a size as a number', 'message.sizeDelta', -5, 'INVALID_FIELD', 'message.sizeDelta'],
    ['a deadline as a string', 'message.deadline', '1800000600', 'INVALID_FIELD', 'message.deadline'],
    ['a signature that is not hex', 'signature', '0xzz', 'INVALID_FIELD', 'signature'],
  ])('rejects %s in a trade, naming the field', (_case, path, value, code, field) => {
    expect(failure(edited(toActionJson(trade), path, value))).toMatchObject({ code, field })
  })

  test.each([
    ['a fast fee past uint16', 'message.maxFastFeeBps', 65_536, 'INVALID_FIELD', 'message.maxFastFeeBps'],
    ['a fast fee above 100%', 'message.maxFastFeeBps', 10_001, 'INVALID_FIELD', 'message.maxFastFeeBps'],
    ['a zero amount', 'message.amount', '0', 'INVALID_FIELD', 'message.amount'],
    ['a trade field in a withdrawal', 'message.market', 'ETH-USD', 'UNKNOWN_FIELD', 'message.market'],
  ])('rejects %s in a withdrawal, naming the field', (_case, path, value, code, field) => {
    expect(failure(edited(toActionJson(withdraw), path, value))).toMatchObject({ code, field })
  })

  test('rejects a key written twice and a number in another form than plain digits', () => {
    const text = stringifyAction(trade)
    expect(failure(text.replace('"kind":"trade"', '"kind":"trade","kind":"withdraw"'))).toMatchObject({
      code: 'MALFORMED_JSON',
      field: 'kind',
    })
    expect(failure(text.replace('"deadline":1800000600', '"deadline":18000006e2'))).toMatchObject({
      code: 'INVALID_FIELD',
      field: 'message.deadline',
    })
  })

  test('rejects documents over the size limit', () => {
    expect(failure(`${stringifyAction(trade)}${' '.repeat(MAX_ACTION_JSON_BYTES)}`)).toMatchObject({
      code: 'TOO_LARGE',
    })
  })
})
