import { chainOf, type DevnetManifest, loadArtifact } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, type Hex, http } from 'viem'

export type SettlementWatch = {
  /** Wall clock (ms) when this watch first saw the engine's `Filled` for the order. */
  filledAt(orderId: string): number | undefined
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
 * The bench's own view of the destination chain, straight from its anvil (never through a node or a
 * proxy the scenario stalls): the engine's `Filled` events, polled every 100 ms, stamped with the wall
 * clock when seen. That is what a trader watching the chain sees, within one poll.
 */
export function watchSettlement(manifest: DevnetManifest): SettlementWatch {
  const destination = chainOf(manifest, 'destination')
  const client = createPublicClient({ transport: http(destination.rpcUrl) })
  const abi = loadArtifact('MarginEngine.sol').abi
  const seen = new Map<string, { at: number; filler: Address }>()
  let next = 0n
  let running = true
  const loop = (async () => {
    while (running) {
      try {
        const head = await client.getBlockNumber()
        if (head >= next) {
          const logs = await client.getContractEvents({
            address: destination.contracts.marginEngine as Address,
            abi,
            eventName: 'Filled',
            fromBlock: next,
            toBlock: head,
          })
          const at = Date.now()
          for (const log of logs) {
            const { orderId, filler } = (log as unknown as { args: { orderId: Hex; filler: Address } }).args
            if (!seen.has(orderId)) seen.set(orderId, { at, filler })
          }
          next = head + 1n
        }
      } catch {
        // A failed poll is retried on the next one.
      }
      await new Promise((done) => setTimeout(done, POLL_MS))
    }
  })()
  return {
    filledAt: (orderId) => seen.get(orderId)?.at,
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
      void loop
    },
  }
}
