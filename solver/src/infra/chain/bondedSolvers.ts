import { type Address, type PublicClient, parseAbi } from 'viem'
import { ChainUnavailableError } from '../../errors.ts'
import type { Logger } from '../createLogger.ts'
import { createPollLoop } from '../pollLoop.ts'

const REGISTRY_ABI = parseAbi([
  'function isActive(address solver) view returns (bool)',
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
 * Which solvers are bonded (`SolverRegistry.isActive`), cached: a bid costs no RPC read once its
 * solver is known. The cache forgets a solver when the registry emits one of its bond events (bonded,
 * unbonding, unbonded, slashed), so an unbonding solver loses its say within a poll.
 */
export type BondedSolvers = {
  /** Whether `solver` is active; throws ChainUnavailableError when the registry cannot be read. */
  isActive(solver: Address): Promise<boolean>
  start(): void
  stop(): Promise<void>
}

type Entry = { value: Promise<boolean>; expiresAtMs: number }

export function createBondedSolvers(parameters: CreateBondedSolversParameters): BondedSolvers {
  const { client, registry, logger } = parameters
  const ttlMs = parameters.ttlMs ?? 5 * 60_000
  const now = parameters.now ?? Date.now
  const cache = new Map<string, Entry>()
  let fromBlock: bigint | undefined

  function isActive(solver: Address): Promise<boolean> {
    const key = solver.toLowerCase()
    const hit = cache.get(key)
    if (hit !== undefined && hit.expiresAtMs > now()) return hit.value
    const value = client
      .readContract({ address: registry, abi: REGISTRY_ABI, functionName: 'isActive', args: [solver] })
      .catch((cause: unknown) => {
        // A failure is not remembered: the next bid asks again.
        if (cache.get(key)?.value === value) cache.delete(key)
        throw new ChainUnavailableError('CHAIN_UNAVAILABLE', 'solver registry read failed', { cause })
      })
    cache.set(key, { value, expiresAtMs: now() + ttlMs })
    return value
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

  return { isActive, start: () => poll.start(), stop: () => poll.stop() }
}
