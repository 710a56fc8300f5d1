import express, { type Router } from 'express'
import type { NodeMetrics } from '../../infra/metrics.ts'

export type MetricsRouteParameters = { metrics: NodeMetrics }

/** `GET /metrics`: Prometheus text exposition of this node's registry. */
export function metricsRoute({ metrics }: MetricsRouteParameters): Router {
  const router = express.Router()
  router.get('/metrics', async (_req, res) => {
    const text = await metrics.registry.metrics()
    res.type(metrics.registry.contentType).send(text)
  })
  return router
}
