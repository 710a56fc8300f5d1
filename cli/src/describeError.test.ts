import { SignerMismatchError, UnknownFieldError } from '@xmargin/intents'
import { describe, expect, test } from 'vitest'
import { describeError } from './describeError.ts'
import { InputError, InternalError, UsageError } from './errors.ts'

describe('describeError', () => {
  test('an intent error shows its code and the field', () => {
    expect(describeError(new UnknownFieldError('order.foo'))).toEqual({
      line: 'xmargin: UNKNOWN_FIELD: order.foo: unknown field',
      exitCode: 2,
    })
    expect(describeError(new SignerMismatchError('order.user', '0xA', '0xB')).line).toBe(
      'xmargin: SIGNER_MISMATCH: signature: signed by 0xB, not by order.user 0xA',
    )
  })

  test("the CLI's own errors show their message; a bug is exit 1", () => {
    expect(describeError(new InputError('a.json', 'no such file'))).toEqual({
      line: 'xmargin: cannot read a.json: no such file',
      exitCode: 2,
    })
    expect(describeError(new InternalError('oops')).exitCode).toBe(1)
    expect(describeError(new TypeError('x is undefined'))).toEqual({
      line: 'xmargin: internal error: x is undefined',
      exitCode: 1,
    })
  })

  test('a message over several lines is folded into one', () => {
    expect(describeError(new UsageError('Invalid values:\n  Argument: side')).line).toBe(
      'xmargin: Invalid values: Argument: side',
    )
  })
})
