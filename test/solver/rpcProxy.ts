import { createServer, type Server } from 'node:http'

/**
 * A JSON-RPC proxy in front of an anvil chain that can start refusing transactions: the solver behind
 * it can still read the chain but can no longer send to it — a node whose destination RPC failed
 * between its `openFor` and its `fill`.
 */
export type RpcProxy = { url: string; refuseSends(refuse: boolean): void; close(): Promise<void> }

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let refusing = false
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    if (refusing && body.includes('eth_sendRawTransaction')) {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable')
      return
    }
    const upstream = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text())
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy did not bind')
  return {
    url: `http://127.0.0.1:${address.port}`,
    refuseSends: (refuse) => {
      refusing = refuse
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
