import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export type RpcCountingProxy = {
  url: string
  /** JSON-RPC calls seen so far, by method (a batch counts each call). */
  counts(): Map<string, number>
  close(): Promise<void>
}

/**
 * A JSON-RPC proxy in front of `target` that counts what a node asks of its chain: how many RPC calls
 * an intent costs is what a node's CPU and memory churn follow.
 */
export async function startRpcCountingProxy(target: string): Promise<RpcCountingProxy> {
  const counts = new Map<string, number>()
  const count = (call: { method?: unknown }) => {
    const method = typeof call.method === 'string' ? call.method : '(none)'
    counts.set(method, (counts.get(method) ?? 0) + 1)
  }
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { method?: unknown } | { method?: unknown }[]
      for (const call of Array.isArray(parsed) ? parsed : [parsed]) count(call)
    } catch {
      count({})
    }
    try {
      const answer = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      response.writeHead(answer.status, { 'content-type': 'application/json' })
      response.end(Buffer.from(await answer.arrayBuffer()))
    } catch {
      response.writeHead(502).end()
    }
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => new Map(counts),
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections()
        server.close(() => closed())
      }),
  }
}
