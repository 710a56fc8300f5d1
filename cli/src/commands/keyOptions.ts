/**
 * How a command is given the trader's key. There is deliberately no `--private-key`: a key on the
 * command line ends up in shell history and in `ps` for every user of the machine.
 */
export const KEY_OPTIONS = {
  'private-key-env': {
    type: 'string',
    describe: 'Name of an environment variable holding the private key (0x hex)',
    conflicts: 'keystore',
    group: 'Key:',
  },
  keystore: {
    type: 'string',
    describe: 'Web3 Secret Storage (v3) keystore file',
    group: 'Key:',
  },
  'password-env': {
    type: 'string',
    describe: 'Name of an environment variable holding the keystore password (else asked on the terminal)',
    implies: 'keystore',
    group: 'Key:',
  },
} as const
