import express, { type Router } from 'express'
import type { ApiNode } from '../apiNode.ts'
import type { HealthResponse } from '../wire.ts'

export type HealthRouteParameters = { node: ApiNode }

/**
 * `GET /healthz`: 200 when the node is fit to serve, 503 with the reasons otherwise; the same JSON
 * either way. Built from cached state, so it answers at once even while a chain stalls.
 */
export function healthRoute({ node }: HealthRouteParameters): Router {
  const router = express.Router()
  router.get('/healthz', (_req, res) => {
    const body: HealthResponse = node.health()
    res.status(body.ok ? 200 : 503).json(body)
  })
  return router
}
