import { access } from 'node:fs/promises'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import type { Argv } from 'yargs'
import { OutputError } from '../errors.ts'
import { writeNewSecretFile } from '../io/writeOutput.ts'
import { encryptKeystore } from '../keys/keystore.ts'
import { readPassword } from '../keys/readPassword.ts'
import { printFields, printJson } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type KeyNewArgs = GlobalOptions & { keystore: string; passwordEnv?: string | undefined }

export function keyNewCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'new',
    'Create a new key in an encrypted keystore file and print its address',
    (command) =>
      command.options({
        keystore: {
          type: 'string',
          demandOption: true,
          describe: 'Keystore file to create (never overwritten)',
        },
        'password-env': {
          type: 'string',
          describe: 'Name of an environment variable holding the password (else asked twice on the terminal)',
        },
      }),
    (argv) => keyNew(argv),
  )
}

async function keyNew(argv: KeyNewArgs): Promise<void> {
  // Checked before the password is asked for; writeNewSecretFile still refuses if the file appears meanwhile.
  if (await exists(argv.keystore))
    throw new OutputError(argv.keystore, 'it already exists; refusing to overwrite')
  const password = await readPassword({
    passwordEnv: argv.passwordEnv,
    purpose: `new keystore ${argv.keystore}`,
    confirm: true,
  })
  const privateKey = generatePrivateKey()
  await writeNewSecretFile(
    argv.keystore,
    `${JSON.stringify(encryptKeystore(privateKey, password), null, 2)}\n`,
  )
  const address = privateKeyToAddress(privateKey)
  if (argv.json) printJson({ address, keystore: argv.keystore })
  else
    printFields([
      ['address', address],
      ['keystore', argv.keystore],
    ])
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}
