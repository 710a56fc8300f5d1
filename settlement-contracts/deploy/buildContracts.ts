import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ContractsBuildError } from './errors.ts'

export type BuildContractsParameters = {
  /** Called once, before a compilation starts (never when the build is current). */
  onCompile?: () => void
}

/** `compiled`: forge ran and changed `out/`; `current`: the artifacts were already up to date. */
export type BuildContractsReturnType = { status: 'compiled' | 'current'; seconds: number }

const PROJECT = fileURLToPath(new URL('../', import.meta.url))
// forge rewrites its cache file on every build, even one with nothing to compile: its time is the
// last build's, which is what the sources are compared with.
const FORGE_CACHE = join(PROJECT, 'cache', 'solidity-files-cache.json')
const PROBE_ARTIFACT = join(PROJECT, 'out', 'MarginEngine.sol', 'MarginEngine.json')
const LOCK = join(PROJECT, 'cache', '.xmargin-build.lock')
// A lock older than a first build could ever take was left by a process that died.
const STALE_LOCK_MS = 15 * 60_000

/**
 * Compiles the contracts with forge when `out/` is missing or older than a source, so a fresh clone
 * needs no separate build step. A current build costs a few `stat`s; forge's own cache keeps a
 * rebuild to what changed. Concurrent callers (a test suite starting several CLIs) wait for one build.
 */
export async function buildContracts(
  parameters: BuildContractsParameters = {},
): Promise<BuildContractsReturnType> {
  const started = performance.now()
  const seconds = () => Math.round((performance.now() - started) / 100) / 10
  if (isBuildCurrent()) return { status: 'current', seconds: seconds() }
  await acquireLock()
  try {
    // Another process may have built while this one waited for the lock.
    if (isBuildCurrent()) return { status: 'current', seconds: seconds() }
    parameters.onCompile?.()
    await runForgeBuild()
    return { status: 'compiled', seconds: seconds() }
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}

/** True when every artifact is newer than every source and setting forge compiles from. */
export function isBuildCurrent(): boolean {
  if (!existsSync(PROBE_ARTIFACT) || !existsSync(FORGE_CACHE)) return false
  const built = statSync(FORGE_CACHE).mtimeMs
  const inputs = [
    join(PROJECT, 'foundry.toml'),
    join(PROJECT, 'tools', 'solc.cjs'),
    ...solidityFiles(join(PROJECT, 'src')),
  ]
  return inputs.every((file) => statSync(file).mtimeMs <= built)
}

function solidityFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return solidityFiles(path)
    return entry.name.endsWith('.sol') ? [path] : []
  })
}

async function acquireLock(): Promise<void> {
  mkdirSync(dirname(LOCK), { recursive: true })
  for (;;) {
    try {
      mkdirSync(LOCK)
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (Date.now() - lockTime() > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true })
      else await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}

function lockTime(): number {
  try {
    return statSync(LOCK).mtimeMs
  } catch {
    return Date.now()
  }
}

/** `forge build` from the npm package's own binary; its lint notes are kept back unless it fails. */
function runForgeBuild(): Promise<void> {
  const forge = createRequire(import.meta.url).resolve('@foundry-rs/forge/bin.mjs')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [forge, 'build'], {
      cwd: PROJECT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', (error) =>
      reject(new ContractsBuildError(`cannot run forge: ${error.message}`, output)),
    )
    child.on('close', (code) => {
      if (code === 0) resolve()
      else reject(new ContractsBuildError(`forge build exited with code ${code}`, output))
    })
  })
}
