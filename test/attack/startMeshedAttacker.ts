import type { SolverNode } from '@xmargin/solver'
import { eventually } from '../solver/networkHelpers.ts'
import { type Attacker, sleep, startAttacker } from './attackNetwork.ts'

export type MeshedAttackerParameters = Omit<Parameters<typeof startAttacker>[0], 'bootstrap'> & {
  /** The honest nodes the attacker's peer dials; it talks to no other. */
  peers: readonly SolverNode[]
}

/**
 * An attacker's peer connected to `peers` and in their gossip meshes, so what it publishes next
 * reaches them. A connection alone is not enough: gossipsub grafts a new peer into its mesh only at its
 * next heartbeat (1 s), and a message published before that may not be delivered at all.
 */
export async function startMeshedAttacker(parameters: MeshedAttackerParameters): Promise<Attacker> {
  const { peers, ...attacker } = parameters
  const peer = await startAttacker({ ...attacker, bootstrap: peers.flatMap((n) => n.multiaddrs()) })
  await eventually('the attacker connected', () =>
    peers.every((n) => n.peers().includes(peer.gossip.peerId)) ? true : undefined,
  )
  await sleep(1_500)
  return peer
}
