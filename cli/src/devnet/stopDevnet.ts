import { isOurAnvil, type StopResult, stopProcess } from './anvilProcess.ts'
import { pidFileChainIds, readPid, removePid, type StateDir } from './stateDir.ts'

export type StoppedChain = { chainId: number; pid: number; result: StopResult }

/**
 * Stops every anvil this state directory started (SIGTERM, so anvil saves its chain state; SIGKILL after
 * a grace period) and removes the pid files. A pid that is no longer our anvil is only forgotten.
 */
export async function stopDevnet(state: StateDir): Promise<StoppedChain[]> {
  const chainIds = await pidFileChainIds(state)
  return Promise.all(
    chainIds.map(async (chainId) => {
      const pid = await readPid(state, chainId)
      const ours = pid !== undefined && (await isOurAnvil(pid, state.chainState(chainId)))
      const result: StopResult = ours ? await stopProcess(pid) : 'not running'
      await removePid(state, chainId)
      return { chainId, pid: pid ?? 0, result }
    }),
  )
}

/** The chains of this state directory whose anvil still runs. */
export async function runningChains(state: StateDir): Promise<Array<{ chainId: number; pid: number }>> {
  const running: Array<{ chainId: number; pid: number }> = []
  for (const chainId of await pidFileChainIds(state)) {
    const pid = await readPid(state, chainId)
    if (pid !== undefined && (await isOurAnvil(pid, state.chainState(chainId))))
      running.push({ chainId, pid })
  }
  return running
}
