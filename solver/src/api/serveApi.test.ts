import { connect, type Socket } from 'node:net'
import { afterAll, expect, test } from 'vitest'
import { createLogger } from '../infra/createLogger.ts'
import { createNodeMetrics } from '../infra/metrics.ts'
import { createApi } from './createApi.ts'
import { type ApiServer, serveApi } from './serveApi.ts'
import { createStubApiNode } from './testing/stubApiNode.ts'

const servers: ApiServer[] = []
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
})

/** Node's own default keep-alive timeout, which the API must outlast. */
const NODE_DEFAULT_KEEP_ALIVE_MS = 5_000

test('a client that leaves its kept-alive connection idle past 5 s still gets its 429, not a reset', async () => {
  const app = createApi({
    node: createStubApiNode(),
    logger: createLogger({ name: 'api-test', level: 'silent' }),
    metrics: createNodeMetrics(),
    rateLimit: { windowMs: 60_000, max: 1 },
  })
  const server = await serveApi({ app })
  servers.push(server)
  const socket = await open(server.port)
  try {
    const post = `POST /v1/intents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`
    expect(await exchange(socket, post)).toMatch(/^HTTP\/1\.1 202 /)
    // A client busy elsewhere (a loaded machine, its own long task) writes its next request late, on the
    // connection it was given: the server must not have closed it meanwhile.
    await new Promise((resolve) => setTimeout(resolve, NODE_DEFAULT_KEEP_ALIVE_MS + 1_000))
    expect(await exchange(socket, post)).toMatch(/^HTTP\/1\.1 429 /)
  } finally {
    socket.destroy()
  }
})

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket))
    socket.once('error', reject)
    // Reads on between exchanges too, so a close while idle is seen (readableEnded).
    socket.on('end', () => {})
  })
}

/** Writes one request and resolves with the status line of its response, or what ended the connection. */
function exchange(socket: Socket, request: string): Promise<string> {
  return new Promise((resolve) => {
    let received = ''
    const done = (result: string) => {
      socket.off('data', onData)
      socket.off('error', onError)
      socket.off('end', onEnd)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1')
      const end = received.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received)?.[1] ?? 0)
      if (received.length >= end + 4 + length) done(received.slice(0, received.indexOf('\r\n')))
    }
    const onError = (error: NodeJS.ErrnoException) => done(`connection error ${error.code}`)
    const onEnd = () => done('connection closed by the server')
    if (socket.readableEnded || socket.destroyed) return onEnd()
    socket.on('data', onData)
    socket.once('error', onError)
    socket.once('end', onEnd)
    socket.write(request)
  })
}
