import type { RequestHandler } from 'express'
import { rateLimit } from 'express-rate-limit'
import { SolverError } from '../errors.ts'
import { sendError } from './errorResponse.ts'

export type RateLimitOptions = { windowMs: number; max: number }

export type CreateRateLimitsParameters = {
  /** `POST /v1/intents`: each one makes the node read a chain and gossip. */
  submissions: RateLimitOptions
  /** `GET /v1/intents/:orderId` and opening `/v1/events`: served from memory and SQLite. */
  reads: RateLimitOptions
}

export type CreateRateLimitsReturnType = {
  submissions: RequestHandler
  reads: RequestHandler
}

/**
 * Per-client-IP limits, one counter per kind of request, so a client that polls its order's status
 * never uses up its submissions and the reverse. An exceeded limit answers 429 `RATE_LIMITED` with the
 * API's error JSON and `Retry-After`. Monitoring routes (`/healthz`, `/metrics`) get no limiter: a
 * scraper behind the same NAT as busy traders must still see the node.
 */
export function createRateLimits(parameters: CreateRateLimitsParameters): CreateRateLimitsReturnType {
  return { submissions: limiter(parameters.submissions), reads: limiter(parameters.reads) }
}

function limiter({ windowMs, max }: RateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs,
    limit: max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      const seconds = Math.ceil(windowMs / 1000)
      sendError(res, new SolverError('RATE_LIMITED', `too many requests: at most ${max} per ${seconds} s`))
    },
  })
}
