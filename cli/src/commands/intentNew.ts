import { intentDigest } from '@xmargin/intents'
import type { Address } from 'viem'
import type { Argv } from 'yargs'
import { KeyMismatchError, UsageError } from '../errors.ts'
import { buildIntent, type IntentFlags } from '../intent/buildIntent.ts'
import { DEVNET } from '../intent/devnet.ts'
import { parseAddressFlag } from '../intent/parseFlag.ts'
import { randomNonce } from '../intent/randomNonce.ts'
import { outputFile } from '../io/dash.ts'
import { emitDocument } from '../io/emitDocument.ts'
import { hasKeySource, type KeySource, loadAddress } from '../keys/loadAccount.ts'
import { printFields, printJson } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'
import { KEY_OPTIONS } from './keyOptions.ts'

export type IntentNewArgs = GlobalOptions &
  IntentFlags &
  KeySource & { trader?: string | undefined; out?: string | undefined }

export function intentNewCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'new',
    'Write an unsigned intent from flags (defaults suit the local devnet)',
    (command) =>
      command
        .options({
          trader: {
            type: 'string',
            describe:
              'The trader (order.user); taken from the key when --private-key-env or --keystore is given',
            group: 'Trader:',
          },
          ...KEY_OPTIONS,
          recipient: {
            type: 'string',
            describe: 'Owner of the position on the destination chain',
            defaultDescription: 'the trader',
            group: 'Trader:',
          },
          token: {
            type: 'string',
            default: DEVNET.token,
            describe: 'Collateral ERC-20 on the origin chain',
            group: 'Collateral:',
          },
          amount: {
            type: 'string',
            demandOption: true,
            describe: 'Collateral in token units, e.g. 2 or 0.5',
            group: 'Collateral:',
          },
          decimals: {
            type: 'string',
            default: '18',
            describe: 'Decimals of the collateral token',
            group: 'Collateral:',
          },
          vault: {
            type: 'string',
            default: DEVNET.vault,
            describe: 'CollateralVault on the origin chain (the Permit2 spender)',
            group: 'Collateral:',
          },
          'origin-chain': {
            type: 'string',
            default: DEVNET.originChainId,
            describe: 'Origin chain id',
            group: 'Collateral:',
          },
          market: { type: 'string', default: 'ETH-USD', describe: 'Market symbol', group: 'Position:' },
          side: {
            choices: ['long', 'short'] as const,
            demandOption: true,
            describe: 'Long or short',
            group: 'Position:',
          },
          size: {
            type: 'string',
            demandOption: true,
            describe: 'Position size in the base asset, e.g. 1.5 (ETH)',
            group: 'Position:',
          },
          'limit-price': {
            type: 'string',
            demandOption: true,
            describe:
              'Worst entry price in quote per base, e.g. 3100 (highest for a long, lowest for a short)',
            group: 'Position:',
          },
          'max-leverage': {
            type: 'string',
            default: '10',
            describe: 'Maximum leverage, times (1 to 100, e.g. 2.5)',
            group: 'Position:',
          },
          engine: {
            type: 'string',
            default: DEVNET.engine,
            describe: 'MarginEngine on the destination chain',
            group: 'Position:',
          },
          'destination-chain': {
            type: 'string',
            default: DEVNET.destinationChainId,
            describe: 'Destination chain id',
            group: 'Position:',
          },
          route: {
            type: 'string',
            default: 'hyperlane',
            describe: 'Messaging route the trader trusts',
            group: 'Position:',
          },
          'fee-start-bps': {
            type: 'string',
            default: '2',
            describe: 'Solver fee at the start, basis points of the collateral',
            group: 'Fee and time:',
          },
          'fee-max-bps': {
            type: 'string',
            default: '30',
            describe: 'Solver fee at the end of the ramp, basis points',
            group: 'Fee and time:',
          },
          'fee-ramp': {
            type: 'string',
            default: '120',
            describe: 'Seconds for the fee to rise from start to max',
            group: 'Fee and time:',
          },
          'open-in': {
            type: 'string',
            default: '300',
            describe: 'Seconds until openDeadline (the Permit2 deadline)',
            group: 'Fee and time:',
          },
          'fill-in': {
            type: 'string',
            default: '600',
            describe: 'Seconds until fillDeadline',
            group: 'Fee and time:',
          },
          nonce: {
            type: 'string',
            describe: 'Permit2 nonce',
            defaultDescription: 'random 64-bit',
            group: 'Fee and time:',
          },
          out: {
            type: 'string',
            describe: 'Write the intent to this file (- or none: stdout)',
            group: 'Output:',
          },
        })
        .example(
          '$0 intent new --trader 0xf39F…2266 --amount 2 --side long --size 5 --limit-price 3100 --out intent.json',
          '2 WETH of collateral for a 5 ETH long at up to $3,100',
        ),
    (argv) => intentNew(argv),
  )
}

async function intentNew(argv: IntentNewArgs): Promise<void> {
  const trader = await resolveTrader(argv)
  const intent = buildIntent({
    flags: argv,
    trader,
    now: Math.floor(Date.now() / 1000),
    defaultNonce: randomNonce(),
  })
  const out = outputFile(argv.out)
  await emitDocument({ order: intent }, { out, json: argv.json })
  if (out === undefined) return
  const { orderId } = intentDigest(intent)
  if (argv.json) printJson({ file: out, orderId })
  else
    printFields([
      ['wrote', out],
      ['orderId', orderId],
    ])
}

async function resolveTrader(argv: IntentNewArgs): Promise<Address> {
  if (!hasKeySource(argv)) {
    if (argv.trader === undefined)
      throw new UsageError('--trader is required (or give --private-key-env / --keystore)')
    return parseAddressFlag('trader', argv.trader)
  }
  if (argv.trader === undefined) return loadAddress(argv)
  const trader = parseAddressFlag('trader', argv.trader)
  const keyAddress = await loadAddress(argv)
  if (keyAddress !== trader) throw new KeyMismatchError(keyAddress, trader)
  return trader
}
