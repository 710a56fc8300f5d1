import type { Address } from 'viem'
import type { NodeHealth } from '../api/apiNode.ts'
import type { ChainHealth } from './chainHealthMonitor.ts'

export type NodeHealthOfParameters = {
  name: string
  peerId: string
  peers: number
  /**
   * Fewer connected peers than this is a reason: 1 for a node given bootstrap peers, 0 for the first
   * node of a network (alone by design until others dial it).
   */
  minPeers: number
  solver: Address
  chains: readonly ChainHealth[]
  nowMs: number
}

/** `/healthz`'s body, from what the node already knows: ok when there is no reason not to be. */
export function nodeHealthOf(parameters: NodeHealthOfParameters): NodeHealth {
  const { nowMs } = parameters
  const reasons: string[] = []
  if (parameters.peers < parameters.minPeers)
    reasons.push(
      parameters.peers === 0
        ? 'no peers'
        : `${parameters.peers} peers, fewer than the ${parameters.minPeers} expected`,
    )
  for (const chain of parameters.chains) if (chain.stale) reasons.push(staleReason(chain, nowMs))
  return {
    ok: reasons.length === 0,
    name: parameters.name,
    reasons,
    peerId: parameters.peerId,
    peers: parameters.peers,
    chains: parameters.chains.map((chain) => ({
      chainId: chain.chainId,
      block: chain.block === undefined ? null : Number(chain.block),
      ageMs: chain.answeredAtMs === undefined ? null : Math.max(0, nowMs - chain.answeredAtMs),
      ok: !chain.stale,
    })),
    solver: parameters.solver,
  }
}

function staleReason(chain: ChainHealth, nowMs: number): string {
  const since = new Date(chain.silentSinceMs).toISOString()
  const silentMs = Math.max(0, nowMs - chain.silentSinceMs)
  const what =
    chain.answeredAtMs === undefined
      ? `chain ${chain.chainId}: no answer since the node started (${since})`
      : `chain ${chain.chainId}: stale, no answer since ${since} (${silentMs} ms; last block ${chain.block})`
  return chain.lastError === undefined ? what : `${what}: ${chain.lastError}`
}
