// The public surface of @xmargin/cli, listed by name (index.test.ts snapshots it).

export { createCli } from './cli.ts'
export type { GlobalOptions } from './commands/globalOptions.ts'
export { type DescribeErrorReturnType, describeError } from './describeError.ts'
export {
  CliError,
  type CliErrorCode,
  InputError,
  InternalError,
  KeyError,
  KeyMismatchError,
  KeystoreError,
  NoSignatureError,
  OutputError,
  PasswordError,
  UsageError,
} from './errors.ts'
export { type BuildIntentParameters, buildIntent, type IntentFlags } from './intent/buildIntent.ts'
