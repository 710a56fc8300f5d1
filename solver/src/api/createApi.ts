import cors from 'cors'
import express, { type ErrorRequestHandler, type Express } from 'express'
import { SolverError } from '../errors.ts'
import type { Logger } from '../infra/createLogger.ts'
import type { NodeMetrics } from '../infra/metrics.ts'
import type { ApiNode } from './apiNode.ts'
import { sendError } from './errorResponse.ts'
import { createRateLimits, type RateLimitOptions } from './rateLimits.ts'
import { requestLog } from './requestLog.ts'
import { eventsRoute } from './routes/events.ts'
import { getIntentRoute } from './routes/getIntent.ts'
import { healthRoute } from './routes/health.ts'
import { metricsRoute } from './routes/metrics.ts'
import { postIntentRoute } from './routes/postIntent.ts'
import { createStreamSlots } from './streamSlots.ts'

export type CreateApiParameters = {
  node: ApiNode
  logger: Logger
  metrics: NodeMetrics
  /** Origins allowed by CORS; `'*'` (default) so the browser wallet page can post from anywhere. */
  corsOrigins?: string[] | '*'
  /** `POST /v1/intents` per client IP per window (default 60 a minute). */
  rateLimit?: RateLimitOptions
  /** `GET /v1/intents/:orderId` and `/v1/events` per client IP per window (default 600 a minute). */
  readRateLimit?: RateLimitOptions
  /** Event streams open at once on this node (default 256). */
  maxStreams?: number
  /** Event streams one client IP may hold open at once (default 16). */
  maxStreamsPerClient?: number
  /** Largest request body (default 16 KiB, twice the intent codec's own limit). */
  bodyLimitBytes?: number
  /** Interval of the keep-alive comment on `/v1/events` (default 15 s). */
  heartbeatMs?: number
  /** Express `trust proxy`, for client IPs behind a reverse proxy (default: none trusted). */
  trustProxy?: boolean | number | string
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { windowMs: 60_000, max: 60 }
export const DEFAULT_READ_RATE_LIMIT: RateLimitOptions = { windowMs: 60_000, max: 600 }
export const DEFAULT_MAX_STREAMS = 256
export const DEFAULT_MAX_STREAMS_PER_CLIENT = 16
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024
export const DEFAULT_HEARTBEAT_MS = 15_000

/**
 * The node's HTTP API: submit intents, follow their timelines (JSON and server-sent events), health
 * and Prometheus metrics. Every error is `{code, message, field?}` with the status from
 * `ERROR_STATUS` (a client's mistake is always a 4xx); the app does not listen by itself (see `serveApi`).
 */
export function createApi(params: CreateApiParameters): Express {
  const { node, logger, metrics } = params
  const limits = createRateLimits({
    submissions: params.rateLimit ?? DEFAULT_RATE_LIMIT,
    reads: params.readRateLimit ?? DEFAULT_READ_RATE_LIMIT,
  })
  const slots = createStreamSlots({
    max: params.maxStreams ?? DEFAULT_MAX_STREAMS,
    maxPerClient: params.maxStreamsPerClient ?? DEFAULT_MAX_STREAMS_PER_CLIENT,
  })
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', params.trustProxy ?? false)
  app.use(requestLog(logger))
  app.use(
    cors({
      origin: params.corsOrigins ?? '*',
      methods: ['GET', 'POST'],
      allowedHeaders: ['Content-Type'],
      maxAge: 600,
    }),
  )
  // Each kind of request has its own counter; /healthz and /metrics have none (see createRateLimits).
  app.post('/v1/intents', limits.submissions)
  app.get(['/v1/intents/:orderId', '/v1/events'], limits.reads)
  app.use(
    postIntentRoute({ node, metrics, bodyLimitBytes: params.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES }),
  )
  app.use(getIntentRoute({ node }))
  app.use(eventsRoute({ node, heartbeatMs: params.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, slots }))
  app.use(healthRoute({ node }))
  app.use(metricsRoute({ metrics }))
  app.use((req, _res, next) => {
    next(new SolverError('NOT_FOUND', `no route ${req.method} ${req.path}`))
  })
  // The request log writes one line per request, the cause of a 5xx included.
  const handleError: ErrorRequestHandler = (error, _req, res, _next) => {
    sendError(res, error)
  }
  app.use(handleError)
  return app
}
