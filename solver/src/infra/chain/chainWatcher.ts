import { type Address, getAddress, type Hex, type Log, type PublicClient } from 'viem'
import type { TimelineEntry } from '../../domain/timeline.ts'
import type { Logger } from '../createLogger.ts'
import { createPollLoop } from '../pollLoop.ts'
import { decodeSettlementLog, type SettlementContract } from './decodeSettlementLog.ts'

/** One chain the watcher follows: its vault (origin), its engine (destination), or both. */
export type WatchedChain = {
  chainId: number
  client: PublicClient
  vault?: Address
  engine?: Address
  /** First block to scan when the cursor has none (the deploy block). */
  fromBlock: bigint
}

/** Where scanning resumes: the last block fully processed per key (NodeStore's getCursor/putCursor fit). */
export type ChainCursor = {
  get(key: string): bigint | undefined
  put(key: string, block: bigint): void
}

export type ChainWatcherParameters = {
  chains: readonly WatchedChain[]
  cursor?: ChainCursor
  /** Milliseconds between scans when started; 500 unless given. */
  pollMs?: number
  /** Blocks per `getLogs` request; 2,000 unless given (public RPCs cap ranges). */
  maxRange?: bigint
  logger: Logger
  onEntry: (entry: TimelineEntry) => void
  /**
   * A chain answered a whole scan, which shows its state as of `atMs` (taken before the scan asked
   * for the latest block, so an event mined after it is never claimed as seen): how the node knows
   * its chains are alive.
   */
  onAnswered?: (chainId: number, atMs: number) => void
}

export type ChainWatcher = {
  /** One scan of the blocks mined since the last one on every chain; entries in block and log order. */
  update(): Promise<TimelineEntry[]>
  start(): void
  stop(): Promise<void>
}

/** The cursor key of a chain's settlement events. */
export function chainWatcherCursorKey(chainId: number): string {
  return `chainWatcher:${chainId}`
}

/**
 * Follows the settlement contracts' events (vault on the origin, engine on the destination) and tells
 * them as timeline entries, so every node tells the same story of an order. The cursor advances only
 * after a range's entries were handed to `onEntry`: a restarted watcher neither skips nor repeats a
 * range (a crash between the two repeats at most one range; the store is idempotent).
 */
export function createChainWatcher(parameters: ChainWatcherParameters): ChainWatcher {
  const { logger, onEntry } = parameters
  const maxRange = parameters.maxRange ?? 2_000n
  const memory = new Map<string, bigint>()
  const cursor: ChainCursor = parameters.cursor ?? {
    get: (key) => memory.get(key),
    put: (key, block) => memory.set(key, block),
  }
  let queue: Promise<unknown> = Promise.resolve()

  async function scanChain(chain: WatchedChain): Promise<TimelineEntry[]> {
    const contracts = new Map<string, SettlementContract>()
    if (chain.vault !== undefined) contracts.set(chain.vault.toLowerCase(), 'vault')
    if (chain.engine !== undefined) contracts.set(chain.engine.toLowerCase(), 'engine')
    if (contracts.size === 0) return []
    const key = chainWatcherCursorKey(chain.chainId)
    const last = cursor.get(key)
    const latest = await chain.client.getBlockNumber({ cacheTime: 0 })
    const entries: TimelineEntry[] = []
    for (let from = last === undefined ? chain.fromBlock : last + 1n; from <= latest; from += maxRange) {
      const to = from + maxRange - 1n < latest ? from + maxRange - 1n : latest
      const logs = await chain.client.getLogs({
        address: [...contracts.keys()] as Address[],
        fromBlock: from,
        toBlock: to,
      })
      const found = await toEntries(chain, contracts, sortLogs(logs))
      for (const entry of found) onEntry(entry)
      cursor.put(key, to)
      entries.push(...found)
    }
    return entries
  }

  async function toEntries(
    chain: WatchedChain,
    contracts: Map<string, SettlementContract>,
    logs: Log<bigint, number, false>[],
  ): Promise<TimelineEntry[]> {
    const timestamps = new Map<bigint, number>()
    const senders = new Map<Hex, Address>()
    const entries: TimelineEntry[] = []
    for (const log of logs) {
      const contract = contracts.get(log.address.toLowerCase())
      if (contract === undefined) continue
      const decoded = decodeSettlementLog(contract, log)
      if (decoded === undefined) continue
      let atMs = timestamps.get(log.blockNumber)
      if (atMs === undefined) {
        const block = await chain.client.getBlock({ blockNumber: log.blockNumber })
        atMs = Number(block.timestamp) * 1000
        timestamps.set(log.blockNumber, atMs)
      }
      let actor = decoded.actor
      if (decoded.actorIsSender) {
        actor = senders.get(log.transactionHash)
        if (actor === undefined) {
          actor = getAddress((await chain.client.getTransaction({ hash: log.transactionHash })).from)
          senders.set(log.transactionHash, actor)
        }
      }
      entries.push({
        orderId: decoded.orderId,
        kind: decoded.kind,
        atMs,
        ...(actor === undefined ? {} : { actor }),
        chainId: chain.chainId,
        blockNumber: log.blockNumber,
        txHash: log.transactionHash,
        detail: decoded.detail,
      })
    }
    return entries
  }

  async function scanAll(): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = []
    for (const chain of parameters.chains) {
      const askedAtMs = Date.now()
      entries.push(...(await scanChain(chain)))
      parameters.onAnswered?.(chain.chainId, askedAtMs)
    }
    return entries
  }

  // Scans never overlap: a manual update() during the loop waits for the running scan.
  function update(): Promise<TimelineEntry[]> {
    const next = queue.then(scanAll)
    queue = next.catch(() => undefined)
    return next
  }

  const poll = createPollLoop({
    pass: update,
    pollMs: parameters.pollMs ?? 500,
    onError: (error) => logger.warn({ err: error }, 'chain watcher scan failed; retrying'),
  })

  return {
    update,
    start: () => poll.start(),
    stop: () => poll.stop(),
  }
}

function sortLogs<T extends { blockNumber: bigint; logIndex: number }>(logs: T[]): T[] {
  return [...logs].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  )
}
