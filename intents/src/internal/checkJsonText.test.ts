import { describe, expect, test } from 'vitest'
import { IntentError } from '../errors.ts'
import { checkJsonText } from './checkJsonText.ts'

function failure(text: string): { code: string; field: string | undefined; name: string } | 'ok' {
  JSON.parse(text) // the scan's precondition
  try {
    checkJsonText(text)
  } catch (error) {
    if (error instanceof IntentError) return { code: error.code, field: error.field, name: error.name }
    throw error
  }
  return 'ok'
}

describe('checkJsonText', () => {
  test.each([
    ['{}'],
    ['{"a":0,"b":-1,"c":[1,20,300],"d":{"e":1800000060}}'],
    [' { "a" : [ true , false , null ] , "b" : "x\\"y\\\\" } '],
    // the same key in different objects, and key names that only look like numbers or escapes
    ['{"a":{"a":1},"b":{"a":2},"c":"a","1e3":"1.5"}'],
    ['[{"a":1},{"a":2}]'],
  ])('accepts %s', (text) => {
    expect(failure(text)).toBe('ok')
  })

  test.each([
    ['{"a":1,"a":1}', 'a'],
    ['{"a":{"b":1,"c":2,"b":3}}', 'a.b'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['[{"a":1,"a":2}]', '[0].a'],
  ])('refuses the duplicate key in %s, naming it', (text, field) => {
    expect(failure(text)).toEqual({ code: 'MALFORMED_JSON', field, name: 'DuplicateKeyError' })
  })

  test.each([
    ['1796109.956e3'],
    ['1e3'],
    ['1E3'],
    ['10e-1'],
    ['-0'],
    ['1.0'],
    ['1.5'],
    ['0.0'],
    ['-0.0'],
    ['-0e0'],
  ])('refuses the number %s, naming its field', (literal) => {
    expect(failure(`{"a":{"b":[0,${literal}]}}`)).toEqual({
      code: 'INVALID_FIELD',
      field: 'a.b[1]',
      name: 'NumberLiteralError',
    })
    expect(failure(literal)).toMatchObject({ field: '(document)' })
  })
})
