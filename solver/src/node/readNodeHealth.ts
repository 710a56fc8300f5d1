import type { Address, PublicClient } from 'viem'
import type { NodeHealth } from '../api/apiNode.ts'

export type ReadNodeHealthParameters = {
  chains: readonly { chainId: number; client: PublicClient }[]
  peerId: string
  peers: number
  solver: Address
}

/** `/healthz`: healthy when every chain answers with its block number. */
export async function readNodeHealth(parameters: ReadNodeHealthParameters): Promise<NodeHealth> {
  const chains = await Promise.all(
    parameters.chains.map(async ({ chainId, client }) => {
      try {
        return { chainId, block: Number(await client.getBlockNumber({ cacheTime: 0 })), ok: true }
      } catch {
        return { chainId, block: 0, ok: false }
      }
    }),
  )
  return {
    ok: chains.every((c) => c.ok),
    peerId: parameters.peerId,
    peers: parameters.peers,
    chains,
    solver: parameters.solver,
  }
}
