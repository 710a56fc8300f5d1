import type { ChildProcess } from 'node:child_process'
import {
  DeployError,
  type DeployProgressEvent,
  type DevnetManifest,
  deployDevnet,
} from '@xmargin/settlement-contracts/deploy'
import { portIsFree, rpc, setBlockTime, spawnAnvil, stopProcess, waitForAnvil } from './anvilProcess.ts'
import { type PlannedChain, planChains } from './chainPlan.ts'
import { DevnetError } from './errors.ts'
import {
  displayPath,
  ensureStateDir,
  hasFile,
  readManifest,
  removeDevnetFiles,
  removePid,
  type StateDir,
  writeManifest,
  writePid,
} from './stateDir.ts'
import { runningChains } from './stopDevnet.ts'

export type DevnetProgressEvent =
  | DeployProgressEvent
  | { type: 'chain:started'; chain: string; chainId: number; rpcUrl: string; pid: number }
  | { type: 'devnet:starting'; chains: number; stateDir: string; resuming: boolean }

export type StartDevnetParameters = {
  state: StateDir
  chains: 2 | 3
  basePort: number
  /** Seconds between blocks once deployed; 0 mines a block per transaction. */
  blockTime: number
  detached: boolean
  /** Discard a stopped devnet's saved chains instead of resuming them. */
  fresh: boolean
  /** Aborting stops the chains started so far, and startDevnet throws DevnetInterruptedError. */
  signal: AbortSignal
  onProgress: (event: DevnetProgressEvent) => void
}

export type StartedDevnet = {
  manifest: DevnetManifest
  resumed: boolean
  /** Milliseconds from the call until every chain answered with the contracts in place. */
  readyMs: number
  /** Resolves when any chain's anvil exits (foreground mode watches it). */
  anyExit: Promise<number>
}

/** Ctrl-C arrived while the devnet was starting. */
export class DevnetInterruptedError extends DevnetError {
  override name = 'DevnetInterruptedError'
  constructor() {
    super('interrupted; the chains started so far were stopped')
  }
}

/**
 * Starts the devnet's anvil chains and deploys the protocol, or resumes a stopped devnet from its saved
 * chain state (same manifest, same addresses). Refuses while this state directory's chains still run.
 * On any failure the chains started here are stopped again.
 */
export async function startDevnet(parameters: StartDevnetParameters): Promise<StartedDevnet> {
  const started = performance.now()
  const { state } = parameters
  await ensureStateDir(state)
  const running = await runningChains(state)
  if (running.length > 0) {
    const list = running.map(({ chainId, pid }) => `chain ${chainId} pid ${pid}`).join(', ')
    throw new DevnetError(
      `a devnet is already running from ${displayPath(state.dir)} (${list}); see xmargin devnet status, or stop it with xmargin devnet down`,
    )
  }
  const { chains, previous } = await choosePlan(parameters)
  parameters.onProgress({
    type: 'devnet:starting',
    chains: chains.length,
    stateDir: state.dir,
    resuming: previous !== undefined,
  })
  for (const chain of chains) {
    if (!(await portIsFree(chain.port))) {
      throw new DevnetError(
        `port ${chain.port} (chain ${chain.chainId}) is in use; choose other ports with --base-port`,
      )
    }
  }

  const children = new Map<number, ChildProcess>()
  const killAll = () => {
    for (const child of children.values()) child.kill('SIGTERM')
  }
  parameters.signal.addEventListener('abort', killAll)
  try {
    for (const chain of chains) {
      const child = spawnAnvil({
        chainId: chain.chainId,
        port: chain.port,
        statePath: state.chainState(chain.chainId),
        logPath: state.logFile(chain.chainId),
        detached: parameters.detached,
      })
      if (child.pid === undefined) throw new DevnetError(`anvil for chain ${chain.chainId} did not start`)
      children.set(chain.chainId, child)
      await writePid(state, chain.chainId, child.pid)
    }
    await Promise.all(
      chains.map(async (chain) => {
        const child = children.get(chain.chainId) as ChildProcess
        await waitForAnvil(child, chain.rpcUrl, chain.chainId, state.logFile(chain.chainId))
        parameters.onProgress({
          type: 'chain:started',
          chain: chain.name,
          chainId: chain.chainId,
          rpcUrl: chain.rpcUrl,
          pid: child.pid as number,
        })
      }),
    )
    let manifest: DevnetManifest
    if (previous === undefined) {
      manifest = await deploy(parameters, chains)
    } else {
      await checkResumed(previous, state)
      manifest = previous
    }
    manifest = {
      ...manifest,
      chains: manifest.chains.map((c) => ({ ...c, blockTime: parameters.blockTime })),
    }
    await Promise.all(chains.map((chain) => setBlockTime(chain.rpcUrl, parameters.blockTime)))
    await writeManifest(state, manifest)
    if (parameters.signal.aborted) throw new DevnetInterruptedError()
    return {
      manifest,
      resumed: previous !== undefined,
      readyMs: performance.now() - started,
      anyExit: Promise.race(
        [...children.entries()].map(
          ([chainId, child]) => new Promise<number>((resolve) => child.once('exit', () => resolve(chainId))),
        ),
      ),
    }
  } catch (error) {
    await Promise.all(
      [...children.entries()].map(async ([chainId, child]) => {
        if (child.pid !== undefined) await stopProcess(child.pid)
        await removePid(state, chainId)
      }),
    )
    if (parameters.signal.aborted) throw new DevnetInterruptedError()
    if (error instanceof DeployError) throw new DevnetError(error.message, error)
    throw error
  } finally {
    parameters.signal.removeEventListener('abort', killAll)
  }
}

/**
 * Resume when a previous manifest and every chain's saved state exist (and --fresh was not given);
 * otherwise start over on the planned ports, deleting what a previous devnet left.
 */
async function choosePlan(
  parameters: StartDevnetParameters,
): Promise<{ chains: PlannedChain[]; previous: DevnetManifest | undefined }> {
  const { state } = parameters
  const previous = await readManifest(state).catch(() => undefined)
  if (previous !== undefined && !parameters.fresh) {
    const saved = await Promise.all(previous.chains.map((c) => hasFile(state.chainState(c.chainId))))
    if (saved.every(Boolean)) {
      if (previous.chains.length !== parameters.chains) {
        throw new DevnetError(
          `the stopped devnet in ${displayPath(state.dir)} has ${previous.chains.length} chains; resume it with --chains ${previous.chains.length}, or start over with --fresh`,
        )
      }
      const chains = previous.chains.map((c) => {
        const port = Number(new URL(c.rpcUrl).port)
        return { name: c.name, role: c.role, chainId: c.chainId, port, rpcUrl: c.rpcUrl }
      })
      return { chains, previous }
    }
  }
  const chains = planChains(parameters.chains, parameters.basePort)
  const known = new Set([...chains.map((c) => c.chainId), ...(previous?.chains.map((c) => c.chainId) ?? [])])
  await removeDevnetFiles(state, [...known])
  return { chains, previous: undefined }
}

async function deploy(
  parameters: StartDevnetParameters,
  chains: readonly PlannedChain[],
): Promise<DevnetManifest> {
  return deployDevnet({
    chains: chains.map(({ name, role, chainId, rpcUrl }) => ({
      name,
      role,
      chainId,
      rpcUrl,
      blockTime: parameters.blockTime,
    })),
    onProgress: parameters.onProgress,
  })
}

/** The saved chains must hold the manifest's contracts, or the manifest would lie. */
async function checkResumed(manifest: DevnetManifest, state: StateDir): Promise<void> {
  for (const chain of manifest.chains) {
    for (const [name, address] of Object.entries(chain.contracts)) {
      const code = await rpc(chain.rpcUrl, 'eth_getCode', [address, 'latest'])
      if (code === '0x' || code === undefined) {
        throw new DevnetError(
          `the saved chain ${chain.chainId} in ${displayPath(state.dir)} has no ${name} at ${address}; start over with --fresh`,
        )
      }
    }
  }
}
