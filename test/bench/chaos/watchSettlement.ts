import { chainOf, type DevnetManifest, loadArtifact } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, type Hex, http } from 'viem'

export type SettlementWatch = {
  /** Wall clock (ms) when this watch first saw the engine's `Filled` for the order. */
  filledAt(orderId: string): number | undefined
  /** Wall clock (ms) when this watch first saw the vault's `Open` for the order (origin chain). */
  openedAt(orderId: string): number | undefined
  /**
   * Wall clock (ms) of the block that holds the order's `Open`: whole seconds (block timestamps), but
   * free of this watch's own polling lag, which grows when the nodes share its process and are busy.
   */
  openBlockAt(orderId: string): number | undefined
  /** The transactions that opened and filled the order, to match against the hashes a proxy saw sent. */
  txHashes(orderId: string): { open?: Hex; fill?: Hex }
  /** The solver that filled it. */
  filler(orderId: string): Address | undefined
  /** The orders of `orderIds` not filled so far. */
  unfilled(orderIds: readonly string[]): string[]
  /** Resolves once every order is filled or `timeoutMs` has passed; `onFill` after each new fill. */
  waitFilled(orderIds: readonly string[], timeoutMs: number, onFill?: (filled: number) => void): Promise<void>
  stop(): void
}

const POLL_MS = 100

/**
 * The bench's own view of both chains, straight from their anvils (never through a node or a proxy the
 * scenario stalls): the engine's `Filled` and the vault's `Open` events, polled every 100 ms, stamped
 * with the wall clock when seen. That is what a trader watching the chains sees, within one poll.
 */
export function watchSettlement(manifest: DevnetManifest): SettlementWatch {
  const seen = new Map<string, { at: number; filler: Address; hash: Hex }>()
  const opened = new Map<string, { at: number; hash: Hex; blockAt?: number }>()
  let running = true
  const poll = (role: 'origin' | 'destination', onLog: (orderId: Hex, at: number, log: EventLog) => void) => {
    const chain = chainOf(manifest, role)
    const client = createPublicClient({ transport: http(chain.rpcUrl) })
    const [artifact, address, eventName] =
      role === 'destination'
        ? ['MarginEngine.sol', chain.contracts.marginEngine, 'Filled']
        : ['CollateralVault.sol', chain.contracts.collateralVault, 'Open']
    const abi = loadArtifact(artifact).abi
    let next = 0n
    return (async () => {
      while (running) {
        try {
          const head = await client.getBlockNumber()
          if (head >= next) {
            const logs = await client.getContractEvents({
              address: address as Address,
              abi,
              eventName,
              fromBlock: next,
              toBlock: head,
            })
            const at = Date.now()
            const blockTimes = new Map<bigint, number>()
            for (const log of logs as unknown as EventLog[]) {
              if (role === 'origin' && !blockTimes.has(log.blockNumber)) {
                const block = await client.getBlock({ blockNumber: log.blockNumber })
                blockTimes.set(log.blockNumber, Number(block.timestamp) * 1000)
              }
              onLog(log.args.orderId, at, { ...log, blockAt: blockTimes.get(log.blockNumber) })
            }
            next = head + 1n
          }
        } catch {
          // A failed poll is retried on the next one.
        }
        await new Promise((done) => setTimeout(done, POLL_MS))
      }
    })()
  }
  const loops = [
    poll('destination', (orderId, at, log) => {
      if (!seen.has(orderId))
        seen.set(orderId, { at, filler: log.args.filler ?? ('0x' as Address), hash: log.transactionHash })
    }),
    poll('origin', (orderId, at, log) => {
      if (!opened.has(orderId))
        opened.set(orderId, {
          at,
          hash: log.transactionHash,
          ...(log.blockAt === undefined ? {} : { blockAt: log.blockAt }),
        })
    }),
  ]
  return {
    filledAt: (orderId) => seen.get(orderId)?.at,
    openedAt: (orderId) => opened.get(orderId)?.at,
    openBlockAt: (orderId) => opened.get(orderId)?.blockAt,
    txHashes: (orderId) => {
      const open = opened.get(orderId)?.hash
      const fill = seen.get(orderId)?.hash
      return { ...(open === undefined ? {} : { open }), ...(fill === undefined ? {} : { fill }) }
    },
    filler: (orderId) => seen.get(orderId)?.filler,
    unfilled: (orderIds) => orderIds.filter((id) => !seen.has(id)),
    async waitFilled(orderIds, timeoutMs, onFill) {
      const deadline = Date.now() + timeoutMs
      let reported = 0
      for (;;) {
        const filled = orderIds.filter((id) => seen.has(id)).length
        if (filled > reported) {
          reported = filled
          onFill?.(filled)
        }
        if (filled === orderIds.length || Date.now() > deadline) return
        await new Promise((done) => setTimeout(done, POLL_MS))
      }
    },
    stop() {
      running = false
      void loops
    },
  }
}

type EventLog = {
  args: { orderId: Hex; filler?: Address }
  transactionHash: Hex
  blockNumber: bigint
  blockAt?: number | undefined
}
