import type { Address, PrivateKeyAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { KeyMismatchError, UsageError } from '../errors.ts'
import { decryptKeystore, keystoreAddress, readKeystore } from './keystore.ts'
import { parsePrivateKey } from './parsePrivateKey.ts'
import { readPassword } from './readPassword.ts'
import { readSecretEnv } from './readSecretEnv.ts'

/** Where the trader's key comes from: the flags `--private-key-env`, `--keystore`, `--password-env`. */
export type KeySource = {
  privateKeyEnv?: string | undefined
  keystore?: string | undefined
  passwordEnv?: string | undefined
}

export type LoadAccountOptions = {
  /** The address the key must have; checked before a password is asked for, where the keystore allows. */
  expect?: Address
}

/** Whether any key was given at all. */
export function hasKeySource(source: KeySource): boolean {
  return source.privateKeyEnv !== undefined || source.keystore !== undefined
}

/** The signing account: the key from the environment, or the keystore decrypted with its password. */
export async function loadAccount(
  source: KeySource,
  options: LoadAccountOptions = {},
): Promise<PrivateKeyAccount> {
  const account = await load(source, options)
  requireAddress(account.address, options.expect)
  return account
}

/** The key's address, without asking for a password when the keystore declares its address. */
export async function loadAddress(source: KeySource): Promise<Address> {
  if (source.keystore !== undefined) {
    const declared = keystoreAddress(source.keystore, await readKeystore(source.keystore))
    if (declared !== undefined) return declared
  }
  return (await loadAccount(source)).address
}

async function load(source: KeySource, options: LoadAccountOptions): Promise<PrivateKeyAccount> {
  if (source.privateKeyEnv !== undefined) {
    const text = readSecretEnv('--private-key-env', source.privateKeyEnv)
    return privateKeyToAccount(parsePrivateKey(`environment variable ${source.privateKeyEnv}`, text))
  }
  if (source.keystore !== undefined) {
    const keystore = await readKeystore(source.keystore)
    requireAddress(keystoreAddress(source.keystore, keystore), options.expect)
    const password = await readPassword({ passwordEnv: source.passwordEnv, purpose: source.keystore })
    return privateKeyToAccount(decryptKeystore(source.keystore, keystore, password))
  }
  throw new UsageError('no key: give --private-key-env VAR or --keystore FILE')
}

function requireAddress(actual: Address | undefined, expected: Address | undefined): void {
  if (actual === undefined || expected === undefined) return
  if (actual.toLowerCase() !== expected.toLowerCase()) throw new KeyMismatchError(actual, expected)
}
