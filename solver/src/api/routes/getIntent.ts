import { toIntentJson } from '@xmargin/intents'
import express, { type Router } from 'express'
import { orderStatusOf } from '../../domain/orderStatusOf.ts'
import { SolverError } from '../../errors.ts'
import type { ApiNode } from '../apiNode.ts'
import { parseOrderId } from '../parseOrderId.ts'
import { type IntentStatusResponse, toTimelineEntryJson } from '../wire.ts'

export type GetIntentRouteParameters = { node: ApiNode }

/** `GET /v1/intents/:orderId`: the signed intent, its timeline and its current status. */
export function getIntentRoute({ node }: GetIntentRouteParameters): Router {
  const router = express.Router()
  router.get('/v1/intents/:orderId', (req, res) => {
    const orderId = parseOrderId(req.params.orderId)
    const timeline = node.timeline(orderId) ?? []
    const held = node.intent(orderId)
    const status = orderStatusOf({ timeline })
    if (held === undefined && status === undefined)
      throw new SolverError('NOT_FOUND', `order ${orderId} is not known to this node`, { field: 'orderId' })
    const body: IntentStatusResponse = {
      orderId,
      status: status ?? 'received',
      intent: held === undefined ? null : toIntentJson(held.intent),
      receivedAtMs: held?.receivedAtMs ?? null,
      timeline: timeline.map(toTimelineEntryJson),
    }
    res.json(body)
  })
  return router
}
