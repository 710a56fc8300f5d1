import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { createLogger, createSolverNode, parseSolverConfig, type SolverNode } from '@xmargin/solver'
import { privateKeyToAccount } from 'viem/accounts'

/** The demo's three operators: the same code, different strategies (domain/strategy presets). */
export const DEMO_STRATEGIES = ['aggressive', 'balanced', 'cautious'] as const

export type DemoNode = { name: string; strategy: string; node: SolverNode }

/**
 * Starts three solver nodes in this process, each with its own data directory, HTTP port and libp2p
 * identity; each bootstraps from the ones before it, as nodes on other machines would. Their
 * JSON logs go to `logFile`, not the terminal.
 */
export async function startDemoNodes(
  manifest: DevnetManifest,
  manifestPath: string,
  dir: string,
  logFile: string,
) {
  const log = createWriteStream(logFile, { flags: 'a' })
  const nodes: DemoNode[] = []
  try {
    for (const [index, strategy] of DEMO_STRATEGIES.entries()) {
      const name = `node-${index + 1}`
      const config = parseSolverConfig({
        baseDir: dir,
        value: {
          name,
          manifest: manifestPath,
          account: { devnetSolver: index },
          strategy,
          dataDir: join(dir, name),
          http: { port: 0 },
          p2p: {
            listen: ['/ip4/127.0.0.1/tcp/0'],
            bootstrap: nodes.flatMap((n) => n.node.multiaddrs()),
          },
          pollMs: 200,
        },
      })
      const solver = manifest.accounts.solvers[index]
      if (solver === undefined) throw new Error(`the devnet has no solver ${index}`)
      const node = await createSolverNode({
        config,
        manifest,
        account: privateKeyToAccount(solver.privateKey),
        logger: createLogger({ name, level: 'debug', destination: log }),
      })
      await node.start()
      nodes.push({ name, strategy, node })
    }
  } catch (error) {
    await stopDemoNodes(nodes)
    log.end()
    throw error
  }
  return {
    nodes,
    async stop() {
      await stopDemoNodes(nodes)
      await new Promise<void>((done) => log.end(() => done()))
    },
  }
}

async function stopDemoNodes(nodes: readonly DemoNode[]): Promise<void> {
  await Promise.allSettled(nodes.map(({ node }) => node.stop()))
}
