import { type Agent, request } from 'node:http'

export type PostIntentParameters = {
  /** The node's `http://host:port`. */
  node: string
  body: string
  /** The loopback address to send from: the client IP the node's rate limit counts. */
  localAddress?: string
  agent?: Agent
}

/** The node's answer; status 0 when the request never got one, `code` then the socket error's. */
export type PostIntentReturnType = { status: number; code: string | undefined; orderId: string | undefined }

/** `POST /v1/intents` over node:http, which (unlike fetch) can choose the source address. */
export function postIntent(parameters: PostIntentParameters): Promise<PostIntentReturnType> {
  const url = new URL('/v1/intents', parameters.node)
  return new Promise((resolve) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(parameters.body) },
        ...(parameters.localAddress === undefined ? {} : { localAddress: parameters.localAddress }),
        ...(parameters.agent === undefined ? {} : { agent: parameters.agent }),
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const status = response.statusCode ?? 0
          const body = parseBody(Buffer.concat(chunks).toString('utf8'))
          resolve({ status, code: stringField(body, 'code'), orderId: stringField(body, 'orderId') })
        })
        response.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ status: 0, code: error.code, orderId: undefined }),
        )
      },
    )
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, code: error.code, orderId: undefined }),
    )
    req.end(parameters.body)
  })
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function stringField(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const value = (body as Record<string, unknown>)[key]
  return typeof value === 'string' ? value : undefined
}

/** `202 ×198, 503 CHAIN_UNAVAILABLE ×2`: answers by status and error code, most frequent first. */
export function statusCounts(answers: readonly PostIntentReturnType[]): string {
  const counts = new Map<string, number>()
  for (const { status, code } of answers) {
    const key =
      status === 0
        ? `no answer (${code ?? 'unknown'})`
        : code === undefined
          ? `${status}`
          : `${status} ${code}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ×${n.toLocaleString('en-US')}`)
    .join(', ')
}
