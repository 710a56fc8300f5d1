import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The Node pinned in the workspace: the test runner itself may run on an older system Node. */
const NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url))
const BIN = fileURLToPath(new URL('../../bin/xmargin.js', import.meta.url))

export type RunCliOptions = {
  cwd: string
  env?: Record<string, string>
  stdin?: string
  nodeOptions?: string[]
}

export type RunCliResult = { code: number | null; stdout: string; stderr: string }

/** Runs the real `xmargin` executable, as a user would, and collects what it prints. */
export function runCli(args: string[], options: RunCliOptions): Promise<RunCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [...(options.nodeOptions ?? []), BIN, ...args], {
      cwd: options.cwd,
      // A clean environment: nothing from the developer's shell leaks into what is tested.
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.stdin ?? '')
  })
}
