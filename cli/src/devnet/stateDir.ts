import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { type DevnetManifest, parseManifest } from '@xmargin/settlement-contracts/deploy'
import { UsageError } from '../errors.ts'
import { fileErrorReason } from '../io/fileErrorReason.ts'
import { writeOutput } from '../io/writeOutput.ts'
import { DevnetError } from './errors.ts'

/** Where a devnet keeps its manifest, and per chain its pid, log and saved chain state. */
export type StateDir = {
  dir: string
  manifest: string
  pidFile(chainId: number): string
  logFile(chainId: number): string
  chainState(chainId: number): string
}

export const DEFAULT_STATE_DIR = '.xmargin/devnet'

/** `--state-dir`, shared by every devnet command. */
export const STATE_DIR_OPTION = {
  type: 'string',
  default: DEFAULT_STATE_DIR,
  describe: 'Where the devnet keeps its manifest, pids, logs and saved chain state',
} as const

export function stateDir(dir: string): StateDir {
  return {
    dir,
    manifest: join(dir, 'manifest.json'),
    pidFile: (chainId) => join(dir, `anvil-${chainId}.pid`),
    logFile: (chainId) => join(dir, `anvil-${chainId}.log`),
    chainState: (chainId) => join(dir, `anvil-${chainId}.state.json`),
  }
}

/** How to show a path to the user: relative to the working directory when that is shorter. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel !== '' && !rel.startsWith('..') && rel.length < path.length ? rel : path
}

/** Creates the state directory; refuses a path that exists and is not a directory. */
export async function ensureStateDir(state: StateDir): Promise<void> {
  await checkStateDir(state)
  try {
    await mkdir(state.dir, { recursive: true })
  } catch (error) {
    throw new UsageError(`--state-dir ${displayPath(state.dir)}: ${fileErrorReason(error)}`)
  }
}

/** Refuses a state directory that is a file (a clear error beats ENOTDIR later). */
export async function checkStateDir(state: StateDir): Promise<void> {
  const info = await stat(state.dir).catch(() => undefined)
  if (info !== undefined && !info.isDirectory()) {
    throw new UsageError(`--state-dir ${displayPath(state.dir)}: not a directory`)
  }
}

/** The chain ids that have a pid file, i.e. that this state directory believes it started. */
export async function pidFileChainIds(state: StateDir): Promise<number[]> {
  const names = await readdir(state.dir).catch(() => [] as string[])
  return names
    .map((name) => /^anvil-(\d+)\.pid$/.exec(name)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
}

export async function readPid(state: StateDir, chainId: number): Promise<number | undefined> {
  const text = await readFile(state.pidFile(chainId), 'utf8').catch(() => undefined)
  const pid = Number(text?.trim())
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
}

export async function writePid(state: StateDir, chainId: number, pid: number): Promise<void> {
  await writeOutput(state.pidFile(chainId), `${pid}\n`)
}

export async function removePid(state: StateDir, chainId: number): Promise<void> {
  await rm(state.pidFile(chainId), { force: true })
}

export async function hasFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() === true
}

/** Writes the manifest atomically (readers never see half a file). */
export async function writeManifest(state: StateDir, manifest: DevnetManifest): Promise<void> {
  await writeOutput(state.manifest, `${JSON.stringify(manifest, null, 2)}\n`)
}

/** Reads the manifest, or says how to get one. */
export async function readManifest(state: StateDir): Promise<DevnetManifest> {
  await checkStateDir(state)
  let text: string
  try {
    text = await readFile(state.manifest, 'utf8')
  } catch (error) {
    const reason = fileErrorReason(error)
    if (reason === 'no such file') {
      throw new DevnetError(
        `no devnet in ${displayPath(state.dir)} (no manifest.json); start one with: xmargin devnet up`,
      )
    }
    throw new DevnetError(`cannot read ${displayPath(state.manifest)}: ${reason}`, error)
  }
  try {
    return parseManifest(JSON.parse(text))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new DevnetError(
      `${displayPath(state.manifest)}: ${reason}; start over with: xmargin devnet up --fresh`,
      error,
    )
  }
}

/** Forgets a previous devnet: its manifest and saved chain states. */
export async function removeDevnetFiles(state: StateDir, chainIds: readonly number[]): Promise<void> {
  await rm(state.manifest, { force: true })
  for (const chainId of chainIds) await rm(state.chainState(chainId), { force: true })
}
