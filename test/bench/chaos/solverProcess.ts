import { type ChildProcess, spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'

const XMARGIN = fileURLToPath(new URL('../../../node_modules/.bin/xmargin', import.meta.url))

export type SolverProcess = {
  /** The node's own process (the CLI runs in it: no wrapper in between), for /proc/<pid>/stat. */
  pid: number
  http: string
  multiaddrs: string[]
  stop(): Promise<void>
}

/**
 * `xmargin solver start` as an operator runs it, in its own process, with the fast auction settings of
 * the in-process test nodes: devnet solver 0, the aggressive preset, no relay or keeper roles, no peers
 * to dial (peers dial it). The same as test/solver/solverProcess.ts, which does not expose the pid.
 */
export async function startSolverProcess(parameters: {
  manifest: DevnetManifest
  dir: string
}): Promise<SolverProcess> {
  await writeFile(join(parameters.dir, 'manifest.json'), JSON.stringify(parameters.manifest))
  await writeFile(
    join(parameters.dir, 'solver.json'),
    JSON.stringify({
      manifest: 'manifest.json',
      account: { devnetSolver: 0 },
      strategy: 'aggressive',
      dataDir: 'data',
      http: { port: 0 },
      p2p: { listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [] },
      roles: { relayer: false, keeper: false },
      auction: { bidWindowMs: 300, fadeGraceMs: 3_000 },
      pollMs: 100,
      log: { level: 'silent' },
    }),
  )
  // process.execPath: the Node 24 running this bench, started directly so the pid is the node's.
  const child: ChildProcess = spawn(
    process.execPath,
    [XMARGIN, 'solver', 'start', '--config', 'solver.json', '--json'],
    {
      cwd: parameters.dir,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const exited = new Promise<void>((done) => child.on('close', () => done()))
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
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}
