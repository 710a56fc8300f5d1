import { createServer, type Server } from 'node:http'

/**
 * A JSON-RPC proxy in front of an anvil chain that can start refusing transactions (the solver behind
 * it can still read the chain but can no longer send to it — a node whose destination RPC failed
 * between its `openFor` and its `fill`), or freeze: every request waits unanswered until it thaws, as
 * a stalled RPC provider does; or answer every request `ms` late, as a provider far away does.
 */
export type RpcProxy = {
  url: string
  refuseSends(refuse: boolean): void
  freeze(frozen: boolean): void
  slowDown(ms: number): void
  close(): Promise<void>
}

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let refusing = false
  let latencyMs = 0
  let thawed: Promise<void> | undefined
  let thaw = () => {}
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    while (thawed !== undefined) await thawed
    if (latencyMs > 0) await new Promise((done) => setTimeout(done, latencyMs))
    const body = Buffer.concat(chunks).toString('utf8')
    if (refusing && body.includes('eth_sendRawTransaction')) {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable')
      return
    }
    try {
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text())
    } catch {
      // The chain itself is gone (stopped by the test): a gateway error, as a provider would answer.
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway')
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy did not bind')
  return {
    url: `http://127.0.0.1:${address.port}`,
    refuseSends: (refuse) => {
      refusing = refuse
    },
    slowDown: (ms) => {
      latencyMs = ms
    },
    freeze: (frozen) => {
      if (frozen && thawed === undefined) {
        thawed = new Promise<void>((resolve) => {
          thaw = resolve
        })
      }
      if (!frozen && thawed !== undefined) {
        thawed = undefined
        thaw()
      }
    },
    close: () =>
      new Promise<void>((done) => {
        thawed = undefined
        thaw()
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
