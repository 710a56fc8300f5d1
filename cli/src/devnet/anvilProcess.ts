import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { ANVIL_HISTORY_ARGS, DEV_MNEMONIC } from '@xmargin/settlement-contracts/deploy'
import { DevnetError } from './errors.ts'

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' }

/** The native binary from `@foundry-rs/anvil-<os>-<arch>`, spawned directly so that a signal reaches anvil itself. */
export function anvilBinary(): string {
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${ARCH[process.arch] ?? process.arch}`
  try {
    const manifest = createRequire(import.meta.url).resolve(`${platformPackage}/package.json`)
    return join(dirname(manifest), 'bin', 'anvil')
  } catch (error) {
    throw new DevnetError(
      `anvil is not installed for ${process.platform}-${process.arch} (${platformPackage}); run npm ci`,
      error,
    )
  }
}

export type SpawnAnvilParameters = {
  chainId: number
  port: number
  /** Loaded at start if it exists, written when anvil stops: how a stopped devnet resumes. */
  statePath: string
  logPath: string
  /** In its own process group, outliving this process (`--detach`). */
  detached: boolean
}

/** Starts anvil in automine mode (the deployment must not wait for blocks); `setBlockTime` switches later. */
export function spawnAnvil(parameters: SpawnAnvilParameters): ChildProcess {
  const log = openSync(parameters.logPath, 'a')
  try {
    const child = spawn(
      anvilBinary(),
      [
        '--host',
        '127.0.0.1',
        '--port',
        String(parameters.port),
        '--chain-id',
        String(parameters.chainId),
        '--mnemonic',
        DEV_MNEMONIC,
        '--state',
        parameters.statePath,
        ...ANVIL_HISTORY_ARGS,
      ],
      { stdio: ['ignore', log, log], detached: parameters.detached },
    )
    if (parameters.detached) child.unref()
    return child
  } finally {
    closeSync(log)
  }
}

/** One JSON-RPC call with a timeout. */
export async function rpc(
  url: string,
  method: string,
  params: unknown[] = [],
  timeoutMs = 2_000,
): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}

/** Waits until anvil answers with the expected chain id; fails at once if it exits (a port taken, a bad state file). */
export async function waitForAnvil(
  child: ChildProcess,
  url: string,
  chainId: number,
  logPath: string,
): Promise<void> {
  let exited = child.exitCode !== null || child.signalCode !== null
  const onExit = () => {
    exited = true
  }
  child.once('exit', onExit)
  try {
    for (let attempt = 0; attempt < 600; attempt++) {
      if (exited) {
        throw new DevnetError(
          `anvil for chain ${chainId} exited at start: ${await lastLine(logPath)} (log: ${logPath})`,
        )
      }
      const answer = await rpc(url, 'eth_chainId', [], 500).catch(() => undefined)
      if (answer !== undefined) {
        if (Number(answer) !== chainId)
          throw new DevnetError(`${url} answers as chain ${Number(answer)}, not ${chainId}`)
        return
      }
      await sleep(25)
    }
    throw new DevnetError(`anvil for chain ${chainId} did not answer at ${url} within 15 s (log: ${logPath})`)
  } finally {
    child.off('exit', onExit)
  }
}

/** 0 keeps automine (one block per transaction); otherwise a block every `seconds`. */
export async function setBlockTime(url: string, seconds: number): Promise<void> {
  if (seconds > 0) await rpc(url, 'evm_setIntervalMining', [seconds])
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** Alive and not a zombie (a detached anvil whose parent never reaps it must count as stopped). */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined)
  return stat === undefined || !/^\d+ \(.*\) Z/.test(stat)
}

/**
 * Whether `pid` is the anvil this state directory started (its command line names our state file), so a
 * pid reused by another program after a reboot is never signalled. Without /proc, trust the pid file.
 */
export async function isOurAnvil(pid: number, statePath: string): Promise<boolean> {
  if (!(await isRunning(pid))) return false
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined)
  if (cmdline === undefined) return process.platform !== 'linux'
  return cmdline.split('\0').includes(statePath)
}

export type StopResult = 'stopped' | 'killed' | 'not running'

/** SIGTERM (anvil saves its state and exits), then SIGKILL if it has not exited within `graceMs`. */
export async function stopProcess(pid: number, graceMs = 5_000): Promise<StopResult> {
  if (!(await isRunning(pid))) return 'not running'
  signal(pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline) {
    if (!(await isRunning(pid))) return 'stopped'
    await sleep(25)
  }
  signal(pid, 'SIGKILL')
  for (let attempt = 0; attempt < 100 && (await isRunning(pid)); attempt++) await sleep(20)
  return 'killed'
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // Already gone.
  }
}

async function lastLine(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '')
  const lines = text.trim().split('\n')
  return (lines[lines.length - 1] ?? '').trim() || 'no output'
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
