import { resolve } from 'node:path'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { createRelayer, type RelayerEvent } from '@xmargin/solver'
import { privateKeyToAccount } from 'viem/accounts'
import type { Argv } from 'yargs'
import { ensureContractsBuilt } from '../build/ensureContractsBuilt.ts'
import { DevnetError } from '../devnet/errors.ts'
import { readManifest, STATE_DIR_OPTION, stateDir } from '../devnet/stateDir.ts'
import { UsageError } from '../errors.ts'
import { printError, printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type RelayerArgs = GlobalOptions & { stateDir: string; delayMs: number; once: boolean }

const MAX_DELAY_MS = 86_400_000

export function relayerCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'relayer',
    "Relay the devnet's Hyperlane messages (sign checkpoints as its validators, call Mailbox.process) until Ctrl-C",
    (command) =>
      command.options({
        'state-dir': STATE_DIR_OPTION,
        'delay-ms': {
          type: 'number',
          default: 0,
          describe:
            'Milliseconds to wait after a dispatch block before relaying it (finality wait), every route',
        },
        once: { type: 'boolean', default: false, describe: 'Relay what is due now, then exit' },
      }),
    (argv) => relayer(argv as RelayerArgs),
  )
}

async function relayer(argv: RelayerArgs): Promise<void> {
  if (!Number.isInteger(argv.delayMs) || argv.delayMs < 0 || argv.delayMs > MAX_DELAY_MS) {
    throw new UsageError(`--delay-ms ${argv.delayMs}: must be a whole number from 0 to ${MAX_DELAY_MS}`)
  }
  const manifest = await readManifest(stateDir(resolve(argv.stateDir)))
  await ensureContractsBuilt()
  let count = 0
  const relay = createRelayer({
    manifest,
    // The keeper pays for delivery: funded on every chain, and no trader's or solver's nonce is touched.
    account: privateKeyToAccount(manifest.accounts.keeper.privateKey),
    delayMs: Object.fromEntries(Object.values(manifest.routes).map((route) => [route.name, argv.delayMs])),
    onEvent: (event) => {
      if (event.type === 'message:delivered') count += 1
      report(event, manifest, argv.json)
    },
  })
  if (argv.once) {
    try {
      await relay.relayOnce()
    } catch (error) {
      throw new DevnetError(
        `relaying failed: ${firstLine(error)}; is the devnet running (xmargin devnet status)?`,
        error,
      )
    }
    if (!argv.json) printLines(`relayed ${count} message${count === 1 ? '' : 's'}`)
    return
  }
  const interrupt = new AbortController()
  const onSignal = () => interrupt.abort()
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    relay.start()
    if (!argv.json) printLines('relaying; press Ctrl-C to stop')
    await new Promise<void>((done) => interrupt.signal.addEventListener('abort', () => done()))
    await relay.stop()
    if (!argv.json) printLines(`stopped; relayed ${count} message${count === 1 ? '' : 's'}`)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

function report(event: RelayerEvent, manifest: DevnetManifest, json: boolean): void {
  if (event.type === 'message:delivered') {
    const { message } = event
    if (json) {
      printJson({
        id: message.id,
        origin: message.origin,
        destination: message.destination,
        route: event.route,
        set: event.set,
        transactionHash: event.transactionHash,
        latencyMs: event.latencyMs,
      })
      return
    }
    printLines(
      `delivered  ${chainName(manifest, message.origin)} → ${chainName(manifest, message.destination)}  ${message.id}  ${event.route}/${event.set}  ${event.latencyMs} ms`,
    )
    return
  }
  if (event.type === 'message:skipped') {
    printError(`xmargin: skipped ${event.message.id}: ${event.reason}`)
    return
  }
  // Another relayer delivered it first: nothing went wrong.
  if (event.type === 'message:lost-race') return
  const id = event.type === 'message:failed' ? ` ${event.message.id}` : ''
  printError(`xmargin: relaying${id} failed, retrying: ${firstLine(event.error)}`)
}

function chainName(manifest: DevnetManifest, chainId: number): string {
  const chain = manifest.chains.find((c) => c.chainId === chainId)
  return chain === undefined ? String(chainId) : `${chain.name} (${chainId})`
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const details =
    error instanceof Error && 'details' in error && typeof error.details === 'string'
      ? `: ${error.details}`
      : ''
  return `${message}${details}`.split('\n')[0] ?? ''
}
