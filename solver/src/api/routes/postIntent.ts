import express, { type Router } from 'express'
import { SolverError } from '../../errors.ts'
import type { NodeMetrics } from '../../infra/metrics.ts'
import type { ApiNode } from '../apiNode.ts'
import { toErrorResponse } from '../errorResponse.ts'
import type { SubmitIntentResponse } from '../wire.ts'

export type PostIntentRouteParameters = { node: ApiNode; metrics: NodeMetrics; bodyLimitBytes: number }

/**
 * `POST /v1/intents`: the body is the signed intent exactly as `xmargin intent sign` prints it. It is
 * read as raw text whatever the content type, so the strict codec judges the very bytes that were sent
 * (no JSON parser in between to drop duplicate keys or round numbers).
 */
export function postIntentRoute({ node, metrics, bodyLimitBytes }: PostIntentRouteParameters): Router {
  const router = express.Router()
  // Not inflated: an intent is a few KiB, and a compressed body is 415 UNSUPPORTED_ENCODING, not a zlib 500.
  const readText = express.text({ type: () => true, limit: bodyLimitBytes, inflate: false })
  router.post('/v1/intents', readText, async (req, res) => {
    const json: unknown = req.body
    if (typeof json !== 'string' || json.length === 0)
      throw new SolverError('MALFORMED_JSON', 'the request body is empty: send the signed intent JSON')
    let result: Awaited<ReturnType<ApiNode['submitIntent']>>
    try {
      result = await node.submitIntent(json)
    } catch (error) {
      // Only the client's mistakes are verdicts; a chain that is down says nothing about the intent.
      if (toErrorResponse(error).status < 500) metrics.intentReceived('http', 'rejected')
      if (error instanceof SolverError && error.code === 'NON_CANONICAL') metrics.intentNonCanonical('http')
      throw error
    }
    metrics.intentReceived('http', result.duplicate ? 'duplicate' : 'accepted')
    if (result.duplicate) metrics.intentDuplicate('http')
    const body: SubmitIntentResponse = {
      orderId: result.orderId,
      status: result.duplicate ? 'duplicate' : 'accepted',
    }
    res.status(result.duplicate ? 200 : 202).json(body)
  })
  return router
}
