import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { RunCliOptions, RunCliResult } from './runCli.ts'

const NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url))
const BIN = fileURLToPath(new URL('../../bin/xmargin.js', import.meta.url))

export type CliProcess = {
  child: ChildProcessWithoutNullStreams
  /** What it printed so far. */
  output(): { stdout: string; stderr: string }
  /**
   * Resolves once `stream` holds `text`; rejects if the process exits first, so that a test waiting
   * for output that never comes fails instead of hanging.
   */
  waitFor(stream: 'stdout' | 'stderr', text: string): Promise<void>
  /** Resolves when it exits, with everything it printed. */
  exited: Promise<RunCliResult>
}

/** Starts the real `xmargin` executable, like `runCli`, for a test that acts while it runs. */
export function spawnCli(args: string[], options: RunCliOptions): CliProcess {
  const child = spawn(NODE, [...(options.nodeOptions ?? []), BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const printed = { stdout: '', stderr: '' }
  const waiters = new Set<() => void>()
  let closed = false
  const check = (): void => {
    for (const waiter of waiters) waiter()
  }
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    printed.stdout += chunk
    check()
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    printed.stderr += chunk
    check()
  })
  const exited = new Promise<RunCliResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      closed = true
      resolve({ code, ...printed })
      check()
    })
  })
  child.stdin.end(options.stdin ?? '')
  return {
    child,
    output: () => ({ ...printed }),
    exited,
    waitFor: (stream, text) =>
      new Promise<void>((resolve, reject) => {
        const waiter = (): void => {
          if (printed[stream].includes(text)) {
            waiters.delete(waiter)
            resolve()
          } else if (closed) {
            waiters.delete(waiter)
            reject(
              new Error(
                `xmargin exited without printing ${JSON.stringify(text)} on ${stream}:\n${printed.stdout}${printed.stderr}`,
              ),
            )
          }
        }
        waiters.add(waiter)
        waiter()
      }),
  }
}
