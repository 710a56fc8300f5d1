import type { Argv } from 'yargs'
import { loadAddress } from '../keys/loadAccount.ts'
import { printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type KeyAddressArgs = GlobalOptions & { keystore: string; passwordEnv?: string | undefined }

export function keyAddressCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'address',
    'Print the address of the key in a keystore file',
    (command) =>
      command.options({
        keystore: { type: 'string', demandOption: true, describe: 'Keystore file' },
        'password-env': {
          type: 'string',
          describe: 'Password variable, needed only if the keystore does not declare its address',
        },
      }),
    (argv) => keyAddress(argv),
  )
}

async function keyAddress(argv: KeyAddressArgs): Promise<void> {
  const address = await loadAddress({ keystore: argv.keystore, passwordEnv: argv.passwordEnv })
  // The bare address, so that `$(xmargin key address --keystore k.json)` works in scripts.
  if (argv.json) printJson({ address })
  else printLines(address)
}
