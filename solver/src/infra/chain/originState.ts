import { type Address, erc20Abi, type PublicClient, parseAbi } from 'viem'
import { ChainUnavailableError } from '../../errors.ts'
import { withTimeout } from './withTimeout.ts'

const permit2Abi = parseAbi(['function nonceBitmap(address owner, uint256 wordPos) view returns (uint256)'])

export type CreateOriginStateParameters = {
  /** A client of one origin chain. */
  client: PublicClient
  permit2: Address
  /** How long a read is reused; default 2,000 ms. */
  ttlMs?: number
  /**
   * How long a caller waits for a read before it gets CHAIN_UNAVAILABLE; default 1,500 ms, so an
   * intake over HTTP answers within 2 s even when the RPC stalls (viem's own timeout is 10 s, retried).
   */
  timeoutMs?: number
  /** Wall clock in ms; injectable for tests. */
  now?: () => number
}

/** What intake needs to know about a trader on an origin chain; every read may throw ChainUnavailableError. */
export type OriginState = {
  /** Whether Permit2 unordered `nonce` of `owner` is spent (an order was opened or the nonce cancelled). */
  nonceUsed(owner: Address, nonce: bigint): Promise<boolean>
  balanceOf(token: Address, owner: Address): Promise<bigint>
  /** ERC-20 allowance the owner gave Permit2 (which moves the collateral on open). */
  permit2Allowance(token: Address, owner: Address): Promise<bigint>
  /** Forget cached reads of `owner` (all owners when omitted), e.g. after seeing its order opened. */
  invalidate(owner?: Address): void
}

// `ticket` identifies one request, so a late answer never revives an entry that was invalidated.
type CacheEntry = {
  value: Promise<bigint>
  owner: string
  expiresAtMs: number
  ticket: object
  startedAtMs: number
}

/**
 * Cached reads of an origin chain's trader state. A gossiped intent is validated by every node and a
 * busy trader sends many: reads are reused for `ttlMs`, and identical reads in flight share one RPC
 * request. A Permit2 nonce bitmap word covers 256 nonces, so one read serves a trader's next 256 intents.
 *
 * No caller waits longer than `timeoutMs`. A read still in flight after that is no longer shared (a
 * stalled request must not hold every later caller) but is not abandoned either: if it answers, its
 * value is cached unless a newer read replaced it. So a stalled RPC sees at most one request per read
 * per `timeoutMs`, however many intents arrive.
 */
export function createOriginState(parameters: CreateOriginStateParameters): OriginState {
  const { client, permit2 } = parameters
  const ttlMs = parameters.ttlMs ?? 2_000
  const timeoutMs = parameters.timeoutMs ?? 1_500
  const now = parameters.now ?? Date.now
  const cache = new Map<string, CacheEntry>()

  function cached(owner: Address, key: string, read: () => Promise<bigint>): Promise<bigint> {
    const at = now()
    const hit = cache.get(key)
    const inFlight = hit?.expiresAtMs === Number.POSITIVE_INFINITY
    const usable =
      hit !== undefined && hit.expiresAtMs > at && !(inFlight && at - hit.startedAtMs >= timeoutMs)
    const entry = usable ? hit : start(owner, key, read, at)
    return withTimeout(entry.value, {
      timeoutMs,
      onTimeout: () =>
        new ChainUnavailableError('CHAIN_UNAVAILABLE', `origin chain read timed out after ${timeoutMs} ms`, {
          details: { read: key },
        }),
    })
  }

  function start(owner: Address, key: string, read: () => Promise<bigint>, at: number): CacheEntry {
    const ticket = {}
    const value = load(key, ticket, read)
    // In flight it never expires, so concurrent callers share the one request.
    const entry: CacheEntry = {
      value,
      owner: owner.toLowerCase(),
      expiresAtMs: Number.POSITIVE_INFINITY,
      ticket,
      startedAtMs: at,
    }
    cache.set(key, entry)
    return entry
  }

  async function load(key: string, ticket: object, read: () => Promise<bigint>): Promise<bigint> {
    try {
      // Deferred one microtask so the entry is in the cache before any outcome (even a synchronous throw).
      const value = await Promise.resolve().then(read)
      const entry = cache.get(key)
      if (entry?.ticket === ticket) entry.expiresAtMs = now() + ttlMs
      return value
    } catch (cause) {
      // Failures are not cached: the next validation retries.
      if (cache.get(key)?.ticket === ticket) cache.delete(key)
      throw new ChainUnavailableError('CHAIN_UNAVAILABLE', 'origin chain read failed', {
        details: { read: key },
        cause,
      })
    }
  }

  return {
    async nonceUsed(owner, nonce) {
      const wordPos = nonce >> 8n
      const word = await cached(owner, `nonce:${owner.toLowerCase()}:${wordPos}`, () =>
        client.readContract({
          address: permit2,
          abi: permit2Abi,
          functionName: 'nonceBitmap',
          args: [owner, wordPos],
        }),
      )
      return ((word >> (nonce & 255n)) & 1n) === 1n
    },
    balanceOf(token, owner) {
      return cached(owner, `balance:${token.toLowerCase()}:${owner.toLowerCase()}`, () =>
        client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] }),
      )
    },
    permit2Allowance(token, owner) {
      return cached(owner, `allowance:${token.toLowerCase()}:${owner.toLowerCase()}`, () =>
        client.readContract({
          address: token,
          abi: erc20Abi,
          functionName: 'allowance',
          args: [owner, permit2],
        }),
      )
    },
    invalidate(owner) {
      if (owner === undefined) return cache.clear()
      const lower = owner.toLowerCase()
      for (const [key, entry] of cache) if (entry.owner === lower) cache.delete(key)
    },
  }
}
