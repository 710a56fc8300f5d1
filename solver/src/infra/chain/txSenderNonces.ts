export type CreateTxSenderNoncesParameters = {
  /** The node's count of the account's transactions, pending ones included. */
  pendingCount(): Promise<number>
}

/**
 * The nonces of one account on one chain, handed out locally so that independent transactions go to
 * the node at once, several per block, instead of one after another's round trip.
 */
export type TxSenderNonces = {
  /** The nonce for the next transaction: a released one first (it fills a gap), else one past the last. */
  take(): Promise<number>
  /**
   * The node refused `nonce` as already used (by a transaction we sent and lost track of, or one sent
   * with the same key elsewhere): the next fresh nonce is at least the node's pending count.
   */
  taken(nonce: number): void
  /** The transaction with `nonce` never reached the node: the next transaction takes it, so no gap stays. */
  release(nonce: number): void
}

export type CreateTxSenderNoncesReturnType = TxSenderNonces

/**
 * Starts from the node's pending count and counts up locally. It never goes back below a nonce it
 * handed out, except to reuse one released by a failed send: going back would let a later send
 * replace a transaction still waiting in the node's pool. After the node refuses a nonce as used it
 * catches up to the pending count, so a transaction sent elsewhere with the same key costs one retry.
 */
export function createTxSenderNonces(
  parameters: CreateTxSenderNoncesParameters,
): CreateTxSenderNoncesReturnType {
  let next: number | undefined
  let stale = true
  let syncing: Promise<void> | undefined
  const released = new Set<number>()

  function sync(): Promise<void> {
    syncing ??= parameters
      .pendingCount()
      .then((count) => {
        next = Math.max(next ?? 0, count)
        stale = false
      })
      .finally(() => {
        syncing = undefined
      })
    return syncing
  }

  return {
    async take() {
      for (;;) {
        const lowest = lowestOf(released)
        if (lowest !== undefined) {
          released.delete(lowest)
          return lowest
        }
        if (!stale && next !== undefined) return next++
        await sync()
      }
    },
    taken(nonce) {
      released.delete(nonce)
      stale = true
    },
    release(nonce) {
      if (next !== undefined && nonce < next) released.add(nonce)
    },
  }
}

function lowestOf(nonces: ReadonlySet<number>): number | undefined {
  let lowest: number | undefined
  for (const nonce of nonces) if (lowest === undefined || nonce < lowest) lowest = nonce
  return lowest
}
