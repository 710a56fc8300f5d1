import express, { type Router } from 'express'
import type { TimelineEntry } from '../../domain/timeline.ts'
import type { ApiNode } from '../apiNode.ts'
import { parseOrderId } from '../parseOrderId.ts'
import type { StreamSlots } from '../streamSlots.ts'
import { toTimelineEntryJson } from '../wire.ts'

export type EventsRouteParameters = { node: ApiNode; heartbeatMs: number; slots: StreamSlots }

// A client that reads slower than events arrive is cut off rather than buffered without bound.
const MAX_BUFFERED_BYTES = 1024 * 1024

/**
 * `GET /v1/events[?orderId=…]`: server-sent events, one `timeline` event per new timeline entry. A
 * `: subscribed` comment is sent once the subscription is live (so a client knows from then on it misses
 * nothing), and a heartbeat comment keeps proxies from closing an idle stream. Open streams are capped
 * per node and per client (`slots`); a closed stream frees its slot.
 */
export function eventsRoute({ node, heartbeatMs, slots }: EventsRouteParameters): Router {
  const router = express.Router()
  router.get('/v1/events', (req, res) => {
    const only = req.query.orderId === undefined ? undefined : parseOrderId(req.query.orderId)
    const release = slots.take(req.ip ?? req.socket.remoteAddress ?? 'unknown')
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    const write = (text: string): void => {
      if (res.writableEnded || res.destroyed) return
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        res.end()
        return
      }
      res.write(text)
    }
    const unsubscribe = node.subscribe((entry: TimelineEntry) => {
      if (only !== undefined && entry.orderId.toLowerCase() !== only) return
      write(`event: timeline\ndata: ${JSON.stringify(toTimelineEntryJson(entry))}\n\n`)
    })
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs)
    const close = (): void => {
      clearInterval(heartbeat)
      unsubscribe()
      release()
    }
    res.on('close', close)
    // A client gone before the handler ran would never emit `close` here: free its slot now.
    if (req.socket.destroyed) close()
    write(': subscribed\n\n')
  })
  return router
}
