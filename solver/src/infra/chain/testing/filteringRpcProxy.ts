import { createServer, type Server } from 'node:http'

/** What the proxy does with one JSON-RPC request body: pass it on, hold it until released, or fail it. */
export type RpcRequestRule = (body: string) => 'pass' | 'hold' | 'fail'

/**
 * A JSON-RPC proxy in front of a chain that treats requests one by one: a rule picks which to hold
 * unanswered until `release()` (a slow simulation on an overloaded provider) and which to answer with
 * a 503 (a request lost on the way), so a test can fault one transaction of several.
 */
export type FilteringRpcProxy = {
  url: string
  setRule(rule: RpcRequestRule): void
  /** Requests the rule held so far (released or not). */
  heldCount(): number
  /** Forwards every held request. */
  release(): void
  close(): Promise<void>
}

export async function startFilteringRpcProxy(target: string): Promise<FilteringRpcProxy> {
  let rule: RpcRequestRule = () => 'pass'
  let held = 0
  let releaseAll = (): void => {}
  let released = new Promise<void>((resolve) => {
    releaseAll = resolve
  })
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const verdict = rule(body)
    if (verdict === 'fail') {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable')
      return
    }
    if (verdict === 'hold') {
      held += 1
      await released
    }
    if (response.destroyed) return
    try {
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text())
    } catch {
      if (!response.destroyed) response.writeHead(502).end()
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy did not bind')
  const release = (): void => {
    releaseAll()
    released = new Promise<void>((resolve) => {
      releaseAll = resolve
    })
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    setRule(next) {
      rule = next
    },
    heldCount: () => held,
    release,
    close: () =>
      new Promise<void>((done) => {
        release()
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
