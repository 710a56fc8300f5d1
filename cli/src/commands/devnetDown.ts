import { resolve } from 'node:path'
import type { Argv } from 'yargs'
import { checkStateDir, displayPath, STATE_DIR_OPTION, stateDir } from '../devnet/stateDir.ts'
import { stopDevnet } from '../devnet/stopDevnet.ts'
import { printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type DevnetDownArgs = GlobalOptions & { stateDir: string }

export function devnetDownCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'down',
    'Stop the chains (their state is saved; the next up resumes it, or starts over with --fresh)',
    (command) => command.options({ 'state-dir': STATE_DIR_OPTION }),
    (argv) => devnetDown(argv as DevnetDownArgs),
  )
}

async function devnetDown(argv: DevnetDownArgs): Promise<void> {
  const state = stateDir(resolve(argv.stateDir))
  await checkStateDir(state)
  const stopped = await stopDevnet(state)
  const wasRunning = stopped.filter((s) => s.result !== 'not running')
  if (argv.json) {
    printJson({ stopped: wasRunning })
    return
  }
  if (wasRunning.length === 0) {
    printLines(`no devnet running in ${displayPath(state.dir)}`)
    return
  }
  for (const { chainId, pid, result } of wasRunning) {
    printLines(
      `${result === 'killed' ? 'killed (did not stop within 5 s)' : 'stopped'}  chain ${chainId}, pid ${pid}`,
    )
  }
}
