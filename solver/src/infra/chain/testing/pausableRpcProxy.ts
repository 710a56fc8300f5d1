import { createServer, type Server } from 'node:http'

/**
 * A JSON-RPC proxy in front of a chain that can stall: while paused it holds every request (the TCP
 * connection stays open, no answer comes), as an overloaded or half-dead RPC provider does; on resume
 * it forwards what it held.
 */
export type PausableRpcProxy = {
  url: string
  pause(): void
  resume(): void
  readonly paused: boolean
  /** Requests waiting for `resume()` right now. */
  held(): number
  /** Requests received since the start. */
  received(): number
  close(): Promise<void>
}

export async function startPausableRpcProxy(target: string): Promise<PausableRpcProxy> {
  let gate: { opened: Promise<void>; open(): void } | undefined
  let held = 0
  let received = 0
  const server: Server = createServer(async (request, response) => {
    received += 1
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    while (gate !== undefined) {
      held += 1
      await gate.opened
      held -= 1
    }
    if (response.destroyed) return
    try {
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      })
      const text = await upstream.text()
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text)
    } catch {
      // The chain is gone (the test is stopping it): answer as a dead upstream would.
      if (!response.destroyed) response.writeHead(502).end()
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy did not bind')
  const resume = (): void => {
    gate?.open()
    gate = undefined
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    pause() {
      if (gate !== undefined) return
      let open = (): void => {}
      const opened = new Promise<void>((resolve) => {
        open = resolve
      })
      gate = { opened, open }
    },
    resume,
    get paused() {
      return gate !== undefined
    },
    held: () => held,
    received: () => received,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        resume()
        server.close(() => done())
      }),
  }
}
