import { SolverError } from '../errors.ts'

export type CreateStreamSlotsParameters = {
  /** Open streams the node serves at once. */
  max: number
  /** Open streams one client (IP) may hold at once. */
  maxPerClient: number
}

export type StreamSlots = {
  /**
   * Takes a slot for `client`, or throws `TOO_MANY_STREAMS` (429: this client holds its share) or
   * `STREAMS_FULL` (503: the node does). The returned function frees the slot; a second call is a no-op.
   */
  take(client: string): () => void
  open(): number
}

/**
 * Counts open event streams. Each one holds a socket, a subscription and a heartbeat timer for as
 * long as the client likes, so without a cap a few clients could hold every socket the node has.
 */
export function createStreamSlots({ max, maxPerClient }: CreateStreamSlotsParameters): StreamSlots {
  const perClient = new Map<string, number>()
  let open = 0
  return {
    take(client) {
      const held = perClient.get(client) ?? 0
      if (held >= maxPerClient)
        throw new SolverError(
          'TOO_MANY_STREAMS',
          `this client already has ${held} event streams open (at most ${maxPerClient}): close one first`,
        )
      if (open >= max)
        throw new SolverError('STREAMS_FULL', `the node serves at most ${max} event streams; retry later`)
      perClient.set(client, held + 1)
      open += 1
      let freed = false
      return () => {
        if (freed) return
        freed = true
        open -= 1
        const left = (perClient.get(client) ?? 1) - 1
        if (left === 0) perClient.delete(client)
        else perClient.set(client, left)
      }
    },
    open: () => open,
  }
}
