import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { privateKeyToAccount } from 'viem/accounts'
import { parseSolverConfig } from '../config/parseSolverConfig.ts'
import type { SolverRoles } from '../config/solverConfig.ts'
import type { Strategy } from '../domain/strategy/strategy.ts'
import { createLogger, type Logger } from '../infra/createLogger.ts'
import { createSolverNode, type SolverNode } from '../node/createSolverNode.ts'

export type TestNodeSpec = {
  /** Which devnet solver key the node uses (0…2). */
  solver: number
  strategy: Strategy
  roles?: Partial<SolverRoles>
  /** A manifest for this node only (e.g. RPC URLs through a faulty proxy). */
  manifest?: DevnetManifest
  /** Join the others through the first node's address; true unless given. */
  connect?: boolean
  /** Reuse a data directory (a restarted node). */
  dataDir?: string
  /** Where its logs go (default: nowhere, unless XMARGIN_TEST_LOG names a level). */
  logger?: Logger
}

export type TestNetwork = {
  nodes: SolverNode[]
  /** Starts another node (e.g. the restart of a stopped one) joined to the running ones. */
  add(spec: TestNodeSpec): Promise<SolverNode>
  dataDirOf(node: SolverNode): string
  stop(): Promise<void>
}

/**
 * Solver nodes in this process on loopback (real libp2p, real HTTP, SQLite in a temporary directory)
 * against a test devnet; fast auction settings. Logs go nowhere unless XMARGIN_TEST_LOG names a level.
 */
export async function startTestNetwork(
  manifest: DevnetManifest,
  specs: readonly TestNodeSpec[],
): Promise<TestNetwork> {
  const root = mkdtempSync(join(tmpdir(), 'xmargin-net-'))
  const nodes: SolverNode[] = []
  const dirs = new Map<SolverNode, string>()
  const connected = new Set<SolverNode>()
  let count = 0

  async function add(spec: TestNodeSpec): Promise<SolverNode> {
    count += 1
    const dataDir = spec.dataDir ?? join(root, `node-${count}`)
    const config = parseSolverConfig({
      baseDir: root,
      value: {
        name: `node-${count}`,
        manifest: join(root, 'manifest.json'),
        account: { devnetSolver: spec.solver },
        dataDir,
        http: { port: 0 },
        p2p: {
          listen: ['/ip4/127.0.0.1/tcp/0'],
          // Every earlier node, as operators list several bootstrap peers: a full mesh on a small network.
          bootstrap:
            spec.connect === false
              ? []
              : nodes.filter((n) => connected.has(n)).flatMap((n) => n.multiaddrs()),
        },
        roles: { relayer: spec.roles?.relayer ?? true, keeper: spec.roles?.keeper ?? true },
        auction: { bidWindowMs: 300, fadeGraceMs: 3_000, baseBanMs: 60_000, maxBanMs: 600_000 },
        pollMs: 100,
        log: { level: 'silent' },
      },
    })
    const solver = manifest.accounts.solvers[spec.solver]
    if (solver === undefined) throw new RangeError(`the devnet has no solver ${spec.solver}`)
    const level = process.env.XMARGIN_TEST_LOG
    const node = await createSolverNode({
      config,
      manifest: spec.manifest ?? manifest,
      account: privateKeyToAccount(solver.privateKey),
      strategy: spec.strategy,
      logger:
        spec.logger ??
        createLogger({
          name: config.name,
          level: level === undefined || level === '' ? 'silent' : level,
        }),
    })
    await node.start()
    nodes.push(node)
    if (spec.connect !== false) connected.add(node)
    dirs.set(node, dataDir)
    return node
  }

  try {
    for (const spec of specs) await add(spec)
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.stop()))
    rmSync(root, { recursive: true, force: true })
    throw error
  }
  return {
    nodes,
    add,
    dataDirOf: (node) => dirs.get(node) ?? '',
    async stop() {
      await Promise.allSettled(nodes.map((node) => node.stop()))
      rmSync(root, { recursive: true, force: true })
    },
  }
}
