import { createServer, type Server } from 'node:http'
import { type Hex, keccak256 } from 'viem'

/**
 * A JSON-RPC proxy in front of an anvil chain that can start refusing transactions (the solver behind
 * it can still read the chain but can no longer send to it — a node whose destination RPC failed
 * between its `openFor` and its `fill`), or freeze: every request waits unanswered until it thaws, as
 * a stalled RPC provider does; or answer every request `ms` late, as a provider far away does. It
 * notes when each raw transaction went through to the chain, so a bench can tell sending from mining.
 */
export type RpcProxy = {
  url: string
  /** Wall clock (ms) when the transaction with this hash was passed on to the chain. */
  sentAt(hash: Hex): number | undefined
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
  const sent = new Map<string, number>()
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
    noteSends(body, sent)
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
    sentAt: (hash) => sent.get(hash.toLowerCase()),
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

/** Stamps each `eth_sendRawTransaction` of a JSON-RPC body (one call or a batch) with the time now. */
function noteSends(body: string, sent: Map<string, number>): void {
  if (!body.includes('eth_sendRawTransaction')) return
  try {
    const parsed = JSON.parse(body) as unknown
    for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
      const { method, params } = call as { method?: string; params?: unknown[] }
      const raw = params?.[0]
      if (method === 'eth_sendRawTransaction' && typeof raw === 'string' && !sent.has(keccak256(raw as Hex)))
        sent.set(keccak256(raw as Hex), Date.now())
    }
  } catch {
    // Not JSON: the chain answers it with its own error.
  }
}
