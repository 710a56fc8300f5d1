import type { GossipSub } from '@chainsafe/libp2p-gossipsub'
import type { ConnectionGater, Libp2p, PeerId } from '@libp2p/interface'
import type { Logger } from '../createLogger.ts'

export type CreateGraylistGateParameters = {
  /** Gossipsub's graylist threshold: a peer scored below it is ignored, and here disconnected. */
  threshold: number
  logger: Logger
}

export type GraylistGate = {
  /** For createLibp2p: refuses to dial or accept a peer while its score (kept across reconnects) is graylisted. */
  connectionGater: Partial<ConnectionGater>
  /** Binds the gate to the node it guards, once both exist. */
  bind(node: { libp2p: Libp2p; pubsub: GossipSub }): void
  /** Scores the peer afresh (not at the next heartbeat) and disconnects it if it is now graylisted. */
  check(peer: PeerId): void
  /** check() for every connected peer (on each heartbeat: catches whatever lowered a score). */
  sweep(): void
}

/**
 * Gossipsub graylists a peer by ignoring its RPCs, but each one is still decrypted and decoded first:
 * under a flood that is most of the work. The gate ends the connection instead, as soon as a verdict
 * on the peer's messages (a reject, an overrun budget) takes it below the threshold, and keeps it out
 * while its score stays there.
 */
export function createGraylistGate({ threshold, logger }: CreateGraylistGateParameters): GraylistGate {
  let node: { libp2p: Libp2p; pubsub: GossipSub } | undefined
  const leaving = new Set<string>()
  const graylisted = (peer: PeerId) => (node?.pubsub.getScore(peer.toString()) ?? 0) < threshold

  const check = (peer: PeerId) => {
    if (node === undefined) return
    const id = peer.toString()
    if (leaving.has(id)) return
    // The score is cached for a heartbeat; the verdict just reported must count now.
    node.pubsub.score.scoreCache.delete(id)
    if (!graylisted(peer)) return
    leaving.add(id)
    logger.info({ peer: id, score: node.pubsub.getScore(id) }, 'graylisted peer disconnected')
    node.libp2p
      .hangUp(peer)
      .catch(() => {})
      .finally(() => leaving.delete(id))
  }

  return {
    connectionGater: {
      denyDialPeer: async (peer) => graylisted(peer),
      denyInboundEncryptedConnection: async (peer) => graylisted(peer),
      denyOutboundEncryptedConnection: async (peer) => graylisted(peer),
    },
    bind(bound) {
      node = bound
    },
    check,
    sweep() {
      for (const peer of node?.libp2p.getPeers() ?? []) check(peer)
    },
  }
}
