import { type Address, concat, getAddress, type Hex, keccak256 } from 'viem'

/**
 * Whose turn a piece of work is when every node could do it (liquidate, settle or expire an order,
 * deliver a message): the nodes ranked by keccak256(workId ‖ node), lowest first. The first sends at
 * once, the k-th waits k × `delayMs` and sends only if the work is still undone, so one transaction
 * lands instead of one per node. Every node computes the same ranking from the same inputs; it differs
 * per work id, so no node carries all the work or all the delay.
 */
export type WorkTurn = {
  /** This node's identity in the ranking (its solver address). */
  self: Address
  /** The nodes that rank (the network's solvers); letter case and repeats do not matter. */
  nodes: readonly Address[]
  /** How much longer each place waits than the one before it. */
  delayMs: number
}

/** The nodes in the order they take `workId`: ascending keccak256(workId ‖ node), without repeats. */
export function rankNodes(workId: Hex, nodes: readonly Address[]): Address[] {
  const unique = [...new Set(nodes.map((node) => getAddress(node)))]
  const keyed = unique.map((node) => ({ node, key: keccak256(concat([workId, node])) }))
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return keyed.map(({ node }) => node)
}

/** `self`'s place in the ranking of `workId` (0 = first); a node not among `nodes` comes after them all. */
export function turnOf(workId: Hex, self: Address, nodes: readonly Address[]): number {
  const ranking = rankNodes(workId, nodes)
  const place = ranking.indexOf(getAddress(self))
  return place === -1 ? ranking.length : place
}

/** How long `turn.self` waits before taking `workId`: its place × `turn.delayMs`. */
export function turnWaitMs(workId: Hex, turn: WorkTurn): number {
  return turnOf(workId, turn.self, turn.nodes) * turn.delayMs
}
