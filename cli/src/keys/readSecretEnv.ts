import { UsageError } from '../errors.ts'

/**
 * The one place the CLI reads the environment: secrets are passed by naming a variable
 * (`--private-key-env TRADER_KEY`), never on the command line, where `ps` and shell history see them.
 */
export function readSecretEnv(flag: string, name: string): string {
  const value = process.env[name]
  if (value === undefined) throw new UsageError(`${flag}: environment variable ${name} is not set`)
  if (value === '') throw new UsageError(`${flag}: environment variable ${name} is empty`)
  return value
}
