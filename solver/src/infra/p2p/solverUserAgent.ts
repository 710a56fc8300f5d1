import { type Address, getAddress, isAddress } from 'viem'

const PREFIX = 'xmargin-solver/1 '

/**
 * The libp2p user agent a solver node announces through identify: its solver address, so a node
 * learns on its first connections, at start, that another node runs with the same solver key (the
 * two would race for nonces, bids and fills). Solver addresses are public anyway: every bid names one.
 */
export function solverUserAgent(solver: Address): string {
  return `${PREFIX}${getAddress(solver)}`
}

/** The solver address a peer announced, if it is an xmargin solver node. */
export function solverOfUserAgent(agentVersion: string | undefined): Address | undefined {
  if (agentVersion === undefined || !agentVersion.startsWith(PREFIX)) return undefined
  const solver = agentVersion.slice(PREFIX.length)
  return isAddress(solver, { strict: false }) ? getAddress(solver) : undefined
}
