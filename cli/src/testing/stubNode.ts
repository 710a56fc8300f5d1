import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { IntentStatusResponse, TimelineEntryJson } from '../node/wire.ts'

export type StubNodeOrder = {
  orderId: string
  intent: unknown
  receivedAtMs: number | null
  timeline: TimelineEntryJson[]
}

/**
 * A solver node's read API for one order, as a test drives it: `GET /v1/intents/:orderId` and the
 * `GET /v1/events` stream. It can be stopped and started again on the same port, like a restarted
 * node; `push` records an entry and streams it to every subscriber, as the node does.
 */
export type StubNode = {
  url: string
  order: StubNodeOrder
  /** How many times `GET /v1/intents/…` was answered. */
  snapshotsServed: number
  /** Resolves at the next `GET /v1/intents/…` answered, which a following CLI sends after subscribing. */
  nextSnapshot(): Promise<void>
  push(...entries: TimelineEntryJson[]): void
  /** Streams an entry without recording it (the node repeating itself). */
  stream(entry: TimelineEntryJson): void
  /** Ends every open event stream, as a node does when it restarts. */
  stop(): Promise<void>
  start(): Promise<void>
}

export async function startStubNode(order: StubNodeOrder): Promise<StubNode> {
  const streams = new Set<ServerResponse>()
  const snapshotWaiters: (() => void)[] = []
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://stub')
    if (url.pathname === '/v1/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': subscribed\n\n')
      streams.add(res)
      res.on('close', () => streams.delete(res))
      return
    }
    if (url.pathname !== `/v1/intents/${stub.order.orderId}`) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ code: 'NOT_FOUND', message: 'order is not known to this node', field: 'orderId' }),
        )
      return
    }
    const { orderId, intent, receivedAtMs, timeline } = stub.order
    const body: IntentStatusResponse = {
      orderId,
      status: timeline.at(-1)?.kind ?? 'received',
      intent,
      receivedAtMs,
      timeline,
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body), () => {
      stub.snapshotsServed += 1
      for (const resolve of snapshotWaiters.splice(0)) resolve()
    })
  }
  let server: Server = createServer(handle)
  await listen(server, 0)
  const port = (server.address() as AddressInfo).port
  const send = (entry: TimelineEntryJson): void => {
    for (const res of streams) res.write(`event: timeline\ndata: ${JSON.stringify(entry)}\n\n`)
  }
  const stub: StubNode = {
    url: `http://127.0.0.1:${port}`,
    order,
    snapshotsServed: 0,
    nextSnapshot: () => new Promise((resolve) => snapshotWaiters.push(resolve)),
    push(...entries) {
      for (const entry of entries) {
        stub.order.timeline = [...stub.order.timeline, entry]
        send(entry)
      }
    },
    stream: send,
    async stop() {
      if (!server.listening) return
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
    async start() {
      if (server.listening) return
      server = createServer(handle)
      await listen(server, port)
    },
  }
  return stub
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
}
