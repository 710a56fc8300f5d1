import { type ChildProcess, spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'

const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url))
const XMARGIN = fileURLToPath(new URL('../../node_modules/.bin/xmargin', import.meta.url))

export type SolverProcess = {
  /** The node's own process (the CLI runs in it: no wrapper in between), for /proc/<pid>/stat. */
  pid: number
  http: string
  multiaddrs: string[]
  kill(signal: NodeJS.Signals): void
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>
}

export type StartSolverProcessParameters = {
  manifest: DevnetManifest
  /** Where the config and manifest files go, and the process's working directory. */
  dir: string
  /** Default `data`, inside `dir`. */
  dataDir?: string
  bootstrap?: string[]
}

/**
 * `xmargin solver start` as an operator runs it, in its own process, with the fast auction settings of
 * the in-process test nodes: devnet solver 0, the aggressive preset, no relay or keeper roles. A test
 * can kill it the hard way; a bench can read its CPU from /proc.
 */
export async function startSolverProcess(parameters: StartSolverProcessParameters): Promise<SolverProcess> {
  await writeFile(join(parameters.dir, 'manifest.json'), JSON.stringify(parameters.manifest))
  await writeFile(
    join(parameters.dir, 'solver.json'),
    JSON.stringify({
      manifest: 'manifest.json',
      account: { devnetSolver: 0 },
      strategy: 'aggressive',
      dataDir: parameters.dataDir ?? 'data',
      http: { port: 0 },
      p2p: { listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: parameters.bootstrap ?? [] },
      roles: { relayer: false, keeper: false },
      auction: { bidWindowMs: 300 },
      pollMs: 100,
      log: { level: 'silent' },
    }),
  )
  // Node 24 started directly on the CLI's script, so the child's pid is the node's.
  const child: ChildProcess = spawn(NODE, [XMARGIN, 'solver', 'start', '--config', 'solver.json', '--json'], {
    cwd: parameters.dir,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<number | null>((done) => child.on('close', done))
  let stdout = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  while (!stdout.includes('}')) {
    if (child.exitCode !== null) throw new Error(`xmargin solver start exited with ${child.exitCode}`)
    await new Promise((done) => setTimeout(done, 50))
  }
  const started = JSON.parse(stdout) as { http: string; multiaddrs: string[] }
  return {
    pid: child.pid ?? 0,
    http: started.http,
    multiaddrs: started.multiaddrs,
    kill: (signal) => child.kill(signal),
    exited,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}
