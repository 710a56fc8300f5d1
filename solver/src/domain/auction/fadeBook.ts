import type { Address } from 'viem'
import { ConfigError } from '../../errors.ts'
import type { FadeRecord } from '../../infra/store/nodeStore.ts'

export type CreateFadeBookParameters = {
  /** Ban after a solver's first fade. */
  baseBanMs: number
  /** Longest ban, however often a solver fades. */
  maxBanMs: number
}

/**
 * Node-side reputation for fades (DESIGN.md: judgement calls are handled by nodes, not the chain).
 * Pure: the records live in the NodeStore; this only computes them.
 */
export type FadeBook = {
  /** The record after one more fade by `solver` at `nowMs`: ban TTL = base × 2^(fades − 1), capped. */
  recordFade(solver: Address, nowMs: number, previous?: FadeRecord): FadeRecord
  /** Whether a solver with this record is banned at `nowMs` (no record: not banned). */
  isBanned(record: FadeRecord | undefined, nowMs: number): boolean
  /** The ban length after `fades` fades. */
  banMs(fades: number): number
}

export function createFadeBook(parameters: CreateFadeBookParameters): FadeBook {
  const { baseBanMs, maxBanMs } = parameters
  if (!(Number.isSafeInteger(baseBanMs) && baseBanMs > 0))
    throw new ConfigError('baseBanMs', 'must be a positive integer')
  if (!(Number.isSafeInteger(maxBanMs) && maxBanMs >= baseBanMs))
    throw new ConfigError('maxBanMs', 'must be an integer at least baseBanMs')

  // Doubling stops once the cap is reached, so a solver with many fades never overflows the exponent.
  const banMs = (fades: number) => {
    let ttl = baseBanMs
    for (let i = 1; i < fades && ttl < maxBanMs; i++) ttl *= 2
    return Math.min(ttl, maxBanMs)
  }

  return {
    recordFade(solver, nowMs, previous) {
      const fades = (previous?.fades ?? 0) + 1
      return { solver, fades, bannedUntilMs: nowMs + banMs(fades) }
    },
    isBanned: (record, nowMs) => record !== undefined && nowMs < record.bannedUntilMs,
    banMs,
  }
}
