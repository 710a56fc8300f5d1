import type { RequestHandler } from 'express'
import { rateLimit } from 'express-rate-limit'
import { SolverError } from '../errors.ts'
import { sendError } from './errorResponse.ts'

export type RateLimitOptions = { windowMs: number; max: number }

export type CreateRateLimitsReturnType = {
  /** Counts POSTs (each one makes the node validate against a chain and gossip). */
  writes: RequestHandler
  /** Counts every other request, at {@link READ_FACTOR} times the allowance: reads are cheap. */
  reads: RequestHandler
}

export const READ_FACTOR = 10

/** Per-client-IP limits; an exceeded limit answers 429 with the API's error JSON and `Retry-After`. */
export function createRateLimits({ windowMs, max }: RateLimitOptions): CreateRateLimitsReturnType {
  const limiter = (limit: number, counts: (method: string) => boolean): RequestHandler =>
    rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skip: (req) => !counts(req.method),
      handler: (_req, res) => {
        const seconds = Math.ceil(windowMs / 1000)
        sendError(
          res,
          new SolverError('RATE_LIMITED', `too many requests: at most ${limit} per ${seconds} s`),
        )
      },
    })
  return {
    writes: limiter(max, (method) => method === 'POST'),
    reads: limiter(max * READ_FACTOR, (method) => method !== 'POST' && method !== 'OPTIONS'),
  }
}
