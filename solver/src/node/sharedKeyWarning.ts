import type { Address } from 'viem'
import type { Logger } from '../infra/createLogger.ts'
import { solverOfUserAgent } from '../infra/p2p/solverUserAgent.ts'

export type SharedKeyWarning = {
  /** A peer announced its user agent (identify): a solver node names its solver address there. */
  peerIdentified(peer: string, userAgent: string | undefined): void
  /** Gossip delivered a bid signed with this node's key: only another process holding it can send one. */
  ownBidSeen(orderId: string): void
}

/**
 * Warns, once, that another node runs with this node's solver key: the two would race for nonces,
 * bids and fills. Identify tells on the first connections at start; a bid signed with the key tells
 * when the other node is not a direct peer.
 */
export function createSharedKeyWarning(parameters: { solver: Address; logger: Logger }): SharedKeyWarning {
  const { solver, logger } = parameters
  const me = solver.toLowerCase()
  let warned = false
  const warn = (fields: Record<string, string>) => {
    if (warned) return
    warned = true
    logger.warn(
      { solver, ...fields },
      "another node runs with this node's solver key: run one node per solver key",
    )
  }
  return {
    peerIdentified(peer, userAgent) {
      if (solverOfUserAgent(userAgent)?.toLowerCase() === me) warn({ peer })
    },
    ownBidSeen(orderId) {
      warn({ orderId })
    },
  }
}
