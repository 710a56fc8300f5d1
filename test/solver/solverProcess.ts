import { type ChildProcess, spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'

const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url))
const XMARGIN = fileURLToPath(new URL('../../node_modules/.bin/xmargin', import.meta.url))

export type SolverProcess = {
  http: string
  kill(signal: NodeJS.Signals): void
  exited: Promise<number | null>
}

/**
 * `xmargin solver start` as an operator runs it, in its own process (devnet solver 0, the aggressive
 * preset, no relay or keeper roles), so a test can kill it the hard way.
 */
export async function startSolverProcess(parameters: {
  manifest: DevnetManifest
  bootstrap: string[]
  dataDir: string
  dir: string
}): Promise<SolverProcess> {
  await writeFile(join(parameters.dir, 'manifest.json'), JSON.stringify(parameters.manifest))
  await writeFile(
    join(parameters.dir, 'solver.json'),
    JSON.stringify({
      manifest: 'manifest.json',
      account: { devnetSolver: 0 },
      strategy: 'aggressive',
      dataDir: parameters.dataDir,
      http: { port: 0 },
      p2p: { listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: parameters.bootstrap },
      roles: { relayer: false, keeper: false },
      auction: { bidWindowMs: 300 },
      pollMs: 100,
      log: { level: 'silent' },
    }),
  )
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
  const { http } = JSON.parse(stdout) as { http: string }
  return { http, kill: (signal) => child.kill(signal), exited }
}
