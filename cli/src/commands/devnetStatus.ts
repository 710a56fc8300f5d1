import { resolve } from 'node:path'
import type { Argv } from 'yargs'
import { rpc } from '../devnet/anvilProcess.ts'
import { DevnetError } from '../devnet/errors.ts'
import { formatTable } from '../devnet/formatDevnet.ts'
import { displayPath, readManifest, readPid, STATE_DIR_OPTION, stateDir } from '../devnet/stateDir.ts'
import { printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type DevnetStatusArgs = GlobalOptions & { stateDir: string }

export function devnetStatusCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'status',
    'Read the manifest and check that every chain answers (exit 2 if one does not)',
    (command) => command.options({ 'state-dir': STATE_DIR_OPTION }),
    (argv) => devnetStatus(argv as DevnetStatusArgs),
  )
}

async function devnetStatus(argv: DevnetStatusArgs): Promise<void> {
  const state = stateDir(resolve(argv.stateDir))
  const manifest = await readManifest(state)
  const chains = await Promise.all(
    manifest.chains.map(async (chain) => {
      const [pid, block] = await Promise.all([
        readPid(state, chain.chainId),
        rpc(chain.rpcUrl, 'eth_blockNumber', [], 1_000).catch(() => undefined),
      ])
      return {
        name: chain.name,
        chainId: chain.chainId,
        rpcUrl: chain.rpcUrl,
        pid: pid ?? null,
        answers: block !== undefined,
        blockNumber: block === undefined ? null : Number(block),
      }
    }),
  )
  if (argv.json) {
    printJson({ manifest: state.manifest, chains })
  } else {
    const rows = chains.map((c) => [
      c.name,
      String(c.chainId),
      c.rpcUrl,
      c.answers ? 'up' : 'down',
      c.blockNumber === null ? '-' : String(c.blockNumber),
      c.pid === null ? '-' : String(c.pid),
    ])
    printLines(...formatTable(['chain', 'chain id', 'RPC URL', 'state', 'block', 'pid'], rows), '')
    printLines(`manifest: ${displayPath(state.manifest)}`)
  }
  const down = chains.filter((c) => !c.answers)
  if (down.length > 0) {
    throw new DevnetError(
      `${down.map((c) => `chain ${c.chainId}`).join(', ')} not answering; start the devnet with: xmargin devnet up`,
    )
  }
}
