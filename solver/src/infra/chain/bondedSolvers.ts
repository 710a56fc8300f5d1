import { type Address, type PublicClient, parseAbi } from 'viem'
import { ChainUnavailableError } from '../../errors.ts'
import type { Logger } from '../createLogger.ts'
import { createPollLoop } from '../pollLoop.ts'

const REGISTRY_ABI = parseAbi([
  'function isActive(address solver) view returns (bool)',
  'function slashable(address solver) view returns (uint256)',
  'event Bonded(address indexed solver, uint256 amount, uint256 bonded)',
  'event UnbondRequested(address indexed solver, uint256 amount, uint256 availableAt)',
  'event Unbonded(address indexed solver, uint256 amount)',
  'event Slashed(address indexed solver, address indexed settler, bytes32 indexed reason, uint256 amount, address victim, uint256 toVictim)',
])
const BOND_EVENTS = REGISTRY_ABI.filter((item) => item.type === 'event')

export type CreateBondedSolversParameters = {
  /** A client of the chain the registry lives on (each origin chain has its own). */
  client: PublicClient
  registry: Address
  logger: Logger
  /** How often the registry's bond events are read; 1,000 ms unless given. */
  pollMs?: number
  /** A cached answer is read again after this long even without an event; 5 minutes unless given. */
  ttlMs?: number
  now?: () => number
}

/**
 * `active`: bonded at least the minimum (`SolverRegistry.isActive`); `unbonding`: not active but
 * still holding a slashable stake — a status that moves (it just started unbonding, or just bonded
 * and this node has not seen it), which nodes may judge differently for a moment; `none`: nothing at
 * stake, never bonded or long gone, which every node agrees on.
 */
export type BondStatus = 'active' | 'unbonding' | 'none'

/**
 * Which solvers are bonded, cached: a bid costs no RPC read once its solver is known to be active.
 * The cache forgets a solver when the registry emits one of its bond events (bonded, unbonding,
 * unbonded, slashed), so an unbonding solver loses its say within a poll. Only `active` is cached: a
 * solver that just bonded is recognised by its first bid, not minutes later.
 */
export type BondedSolvers = {
  /** Throws ChainUnavailableError when the registry cannot be read. */
  status(solver: Address): Promise<BondStatus>
  /** Whether `solver` is active; throws ChainUnavailableError when the registry cannot be read. */
  isActive(solver: Address): Promise<boolean>
  start(): void
  stop(): Promise<void>
}

type Entry = { value: Promise<BondStatus>; expiresAtMs: number }

export function createBondedSolvers(parameters: CreateBondedSolversParameters): BondedSolvers {
  const { client, registry, logger } = parameters
  const ttlMs = parameters.ttlMs ?? 5 * 60_000
  const now = parameters.now ?? Date.now
  const cache = new Map<string, Entry>()
  let fromBlock: bigint | undefined

  function status(solver: Address): Promise<BondStatus> {
    const key = solver.toLowerCase()
    const hit = cache.get(key)
    if (hit !== undefined && hit.expiresAtMs > now()) return hit.value
    const value = readStatus(solver).then(
      (found) => {
        // Kept only while active; a read in flight is shared either way.
        if (found !== 'active' && cache.get(key)?.value === value) cache.delete(key)
        return found
      },
      (cause: unknown) => {
        if (cache.get(key)?.value === value) cache.delete(key)
        throw new ChainUnavailableError('CHAIN_UNAVAILABLE', 'solver registry read failed', { cause })
      },
    )
    cache.set(key, { value, expiresAtMs: now() + ttlMs })
    return value
  }

  async function readStatus(solver: Address): Promise<BondStatus> {
    const read = <T>(functionName: 'isActive' | 'slashable') =>
      client.readContract({
        address: registry,
        abi: REGISTRY_ABI,
        functionName,
        args: [solver],
      }) as Promise<T>
    if (await read<boolean>('isActive')) return 'active'
    return (await read<bigint>('slashable')) > 0n ? 'unbonding' : 'none'
  }

  async function forgetChangedBonds(): Promise<void> {
    const latest = await client.getBlockNumber({ cacheTime: 0 })
    // Bonds read before this node started are read fresh on first use: only later changes matter.
    const from = fromBlock ?? latest + 1n
    if (from <= latest) {
      const logs = await client.getLogs({
        address: registry,
        events: BOND_EVENTS,
        fromBlock: from,
        toBlock: latest,
      })
      for (const log of logs) {
        const solver = (log.args as { solver?: Address }).solver
        if (solver !== undefined) cache.delete(solver.toLowerCase())
      }
    }
    fromBlock = latest + 1n
  }

  const poll = createPollLoop({
    pass: forgetChangedBonds,
    pollMs: parameters.pollMs ?? 1_000,
    onError: (error) => logger.debug({ err: error }, 'solver registry scan failed; retrying'),
  })

  return {
    status,
    isActive: async (solver) => (await status(solver)) === 'active',
    start: () => poll.start(),
    stop: () => poll.stop(),
  }
}
