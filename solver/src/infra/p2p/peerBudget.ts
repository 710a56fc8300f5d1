/** How many messages of one topic a peer may deliver: a burst, refilled at a steady rate. */
export type PeerBudgetOptions = {
  /** Messages a peer may deliver at once (the bucket's size). */
  burst: number
  /** Messages per second the allowance refills at. */
  perSecond: number
}

export type CreatePeerBudgetParameters = PeerBudgetOptions & {
  /** Milliseconds, monotonic; `performance.now` by default. */
  now?: () => number
}

export type PeerBudget = {
  /** Spends one message of the peer's allowance; `false` when none is left (the message is over budget). */
  take(peer: string): boolean
  /** Messages the peer delivered over budget, decaying by 1% a second (half-life ≈ 69 s). */
  excess(peer: string): number
  /** Whether the peer keeps exceeding its budget: more than a whole burst over it, decayed. */
  overrun(peer: string): boolean
  /** Forgets peers back to a full allowance with no excess left, so the map holds only recent senders. */
  prune(): void
}

/** The same decay as the invalid-message counter in peerScore.ts: a flooder stays out, a spike fades. */
const EXCESS_DECAY_PER_SECOND = 0.99

type Account = { tokens: number; excess: number; atMs: number }

/**
 * A token bucket per peer id for one gossip topic, consulted before a message is parsed or validated.
 * The excess is what the peer sent while its bucket was empty: gossipsub's score reads `overrun` (P5)
 * to graylist a peer that keeps flooding, while a short burst past the budget only costs its messages.
 */
export function createPeerBudget(parameters: CreatePeerBudgetParameters): PeerBudget {
  const { burst, perSecond } = parameters
  const now = parameters.now ?? (() => performance.now())
  const accounts = new Map<string, Account>()

  /** The peer's account brought up to now: tokens refilled, excess decayed. */
  const current = (peer: string): Account => {
    const at = now()
    const account = accounts.get(peer)
    if (account === undefined) {
      const fresh = { tokens: burst, excess: 0, atMs: at }
      accounts.set(peer, fresh)
      return fresh
    }
    const seconds = Math.max(0, at - account.atMs) / 1000
    account.tokens = Math.min(burst, account.tokens + seconds * perSecond)
    account.excess *= EXCESS_DECAY_PER_SECOND ** seconds
    account.atMs = at
    return account
  }

  return {
    take(peer) {
      const account = current(peer)
      if (account.tokens >= 1) {
        account.tokens -= 1
        return true
      }
      account.excess += 1
      return false
    },
    excess: (peer) => (accounts.has(peer) ? current(peer).excess : 0),
    overrun: (peer) => accounts.has(peer) && current(peer).excess > burst,
    prune() {
      for (const peer of [...accounts.keys()]) {
        const account = current(peer)
        if (account.tokens >= burst && account.excess < 1) accounts.delete(peer)
      }
    },
  }
}
