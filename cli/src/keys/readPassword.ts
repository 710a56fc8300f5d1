import { PasswordError } from '../errors.ts'
import { canPrompt, promptPassword } from '../io/promptPassword.ts'
import { readSecretEnv } from './readSecretEnv.ts'

export type ReadPasswordOptions = {
  /** Name of the environment variable holding the password (`--password-env`). */
  passwordEnv?: string | undefined
  /** What the password is for, shown in the prompt. */
  purpose: string
  /** Ask twice and require both to match: for a new keystore, where a typo would lock the key away. */
  confirm?: boolean
}

/** The keystore password: from `--password-env`, else asked on the terminal. */
export async function readPassword(options: ReadPasswordOptions): Promise<string> {
  if (options.passwordEnv !== undefined) return readSecretEnv('--password-env', options.passwordEnv)
  if (!canPrompt()) {
    throw new PasswordError('no password: give --password-env VAR, or run on a terminal to be asked')
  }
  const password = await promptPassword(`Password for ${options.purpose}: `)
  if (password === '') throw new PasswordError('the password must not be empty')
  if (options.confirm !== true) return password
  const again = await promptPassword('Repeat the password: ')
  if (again !== password) throw new PasswordError('the passwords do not match')
  return password
}
