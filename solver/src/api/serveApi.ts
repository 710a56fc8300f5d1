import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'

export type ServeApiParameters = {
  app: Express
  /** 0 (default) picks a free port. */
  port?: number
  /** Default 127.0.0.1: a node is reachable from elsewhere only when its operator says so. */
  host?: string
}

export type ApiServer = {
  /** e.g. `http://127.0.0.1:7400` */
  url: string
  port: number
  /** Stops listening and ends open connections, event streams included. */
  close(): Promise<void>
}

/**
 * How long a kept-alive connection may sit idle. Node's default (5 s) is shorter than a busy client
 * can take to send its next request on it; the server then closes the connection just as the request
 * arrives, and the client sees ECONNRESET instead of its answer (a flood's 429s, in the chaos bench).
 * Above the 60 s idle timeout of common load balancers, so the proxy, not the node, closes first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000

/** Listens with the API app; resolves once the port is bound. */
export async function serveApi({
  app,
  port = 0,
  host = '127.0.0.1',
}: ServeApiParameters): Promise<ApiServer> {
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, app)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const bound = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${urlHost}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)))
        // Event streams never end on their own; without this close() would wait for every client.
        server.closeAllConnections()
      }),
  }
}
