import { resolve } from 'node:path'
import type { Argv } from 'yargs'
import { ensureContractsBuilt } from '../build/ensureContractsBuilt.ts'
import { formatProgress, formatSummary } from '../devnet/formatDevnet.ts'
import { DevnetInterruptedError, startDevnet } from '../devnet/startDevnet.ts'
import { displayPath, STATE_DIR_OPTION, stateDir } from '../devnet/stateDir.ts'
import { stopDevnet } from '../devnet/stopDevnet.ts'
import { UsageError } from '../errors.ts'
import { printError, printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type DevnetUpArgs = GlobalOptions & {
  stateDir: string
  chains: number
  blockTime: number
  basePort: number
  detach: boolean
  fresh: boolean
}

export function devnetUpCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'up',
    'Start the chains and deploy everything (or resume a stopped devnet); Ctrl-C stops them',
    (command) =>
      command.options({
        'state-dir': STATE_DIR_OPTION,
        chains: {
          type: 'number',
          default: 2,
          describe: 'Chains: origin + destination, or a second origin with 3',
        },
        'block-time': {
          type: 'number',
          default: 1,
          describe: 'Seconds between blocks; 0 mines one per transaction',
        },
        'base-port': {
          type: 'number',
          default: 8545,
          describe: 'RPC port of the first chain; the others count up (a resumed devnet keeps its ports)',
        },
        detach: {
          type: 'boolean',
          default: false,
          describe: 'Leave the chains running in the background and exit',
        },
        fresh: {
          type: 'boolean',
          default: false,
          describe: "Discard a stopped devnet's saved chains and deploy anew",
        },
      }),
    (argv) => devnetUp(argv as DevnetUpArgs),
  )
}

async function devnetUp(argv: DevnetUpArgs): Promise<void> {
  const chains = argv.chains
  if (chains !== 2 && chains !== 3) throw new UsageError(`--chains ${chains}: must be 2 or 3`)
  if (!Number.isInteger(argv.blockTime) || argv.blockTime < 0 || argv.blockTime > 3600) {
    throw new UsageError(`--block-time ${argv.blockTime}: must be a whole number of seconds from 0 to 3600`)
  }
  if (!Number.isInteger(argv.basePort) || argv.basePort < 1024 || argv.basePort > 65_533) {
    throw new UsageError(`--base-port ${argv.basePort}: must be a port from 1024 to 65533`)
  }
  await ensureContractsBuilt()
  const state = stateDir(resolve(argv.stateDir))
  const interrupt = new AbortController()
  const onSignal = () => interrupt.abort()
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const devnet = await startDevnet({
      state,
      chains,
      basePort: argv.basePort,
      blockTime: argv.blockTime,
      detached: argv.detach,
      fresh: argv.fresh,
      signal: interrupt.signal,
      onProgress: (event) => {
        if (!argv.json) printLines(formatProgress(event))
      },
    })
    const readySeconds = (devnet.readyMs / 1000).toFixed(1)
    if (argv.json) {
      printJson({
        manifest: state.manifest,
        resumed: devnet.resumed,
        readyMs: Math.round(devnet.readyMs),
        chains: devnet.manifest.chains,
      })
    } else {
      printLines('', ...formatSummary(devnet.manifest, displayPath(state.manifest)), '')
      printLines(`${devnet.resumed ? 'resumed' : 'ready'} in ${readySeconds} s`)
    }
    if (argv.detach) {
      if (!argv.json)
        printLines(`running in the background; stop with: xmargin devnet down --state-dir ${argv.stateDir}`)
      return
    }
    if (!argv.json) printLines('running; press Ctrl-C to stop')
    const exited = await Promise.race([
      new Promise<undefined>((done) => interrupt.signal.addEventListener('abort', () => done(undefined))),
      devnet.anyExit,
    ])
    await stopDevnet(state)
    if (exited !== undefined)
      throw new UsageError(`the anvil of chain ${exited} exited; every chain was stopped`)
    if (!argv.json)
      printLines(
        `stopped; the chains' state is saved in ${displayPath(state.dir)} (xmargin devnet up resumes it)`,
      )
  } catch (error) {
    // Ctrl-C while starting: the chains are stopped; exit as an interrupted program does.
    if (!(error instanceof DevnetInterruptedError)) throw error
    printError(`xmargin: ${error.message}`)
    process.exitCode = 130
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
