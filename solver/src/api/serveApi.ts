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

/** Listens with the API app; resolves once the port is bound. */
export async function serveApi({
  app,
  port = 0,
  host = '127.0.0.1',
}: ServeApiParameters): Promise<ApiServer> {
  const server = createServer(app)
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
