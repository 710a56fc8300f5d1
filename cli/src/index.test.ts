import { expect, test } from 'vitest'
import * as cli from './index.ts'

// An accidental change to the public surface fails here; a deliberate one updates this list.
test('the public API is exactly these names', () => {
  expect(Object.keys(cli).sort()).toMatchInlineSnapshot(`
    [
      "CliError",
      "InputError",
      "InternalError",
      "KeyError",
      "KeyMismatchError",
      "KeystoreError",
      "NoSignatureError",
      "OutputError",
      "PasswordError",
      "UsageError",
      "buildIntent",
      "createCli",
      "describeError",
    ]
  `)
})
