import { Writable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { hashIntent, parseIntent } from '@xmargin/intents'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TimelineEntry } from '../domain/timeline.ts'
import { ChainUnavailableError, IntentRejectedError } from '../errors.ts'
import { createLogger } from '../infra/createLogger.ts'
import { createNodeMetrics } from '../infra/metrics.ts'
import { type CreateApiParameters, createApi } from './createApi.ts'
import { type ApiServer, serveApi } from './serveApi.ts'
import { sampleSignedIntent } from './testing/sampleSignedIntent.ts'
import { createStubApiNode, type StubApiNode } from './testing/stubApiNode.ts'
import type { IntentStatusResponse } from './wire.ts'

const logger = createLogger({ name: 'api-test', level: 'silent' })
const SOLVER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

const servers: ApiServer[] = []
async function start(
  options: Partial<CreateApiParameters> = {},
): Promise<{ url: string; node: StubApiNode; metrics: ReturnType<typeof createNodeMetrics> }> {
  const node = createStubApiNode()
  const metrics = createNodeMetrics()
  const server = await serveApi({ app: createApi({ node, logger, metrics, ...options }) })
  servers.push(server)
  return { url: server.url, node, metrics }
}
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
})

const { signed, text } = await sampleSignedIntent()
const orderId = hashIntent(signed.order)

let api: Awaited<ReturnType<typeof start>>
beforeAll(async () => {
  api = await start()
})

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${api.url}/v1/intents`, { method: 'POST', body, headers })

describe('POST /v1/intents', () => {
  test('202 with the orderId, and the node sees exactly the bytes sent', async () => {
    api.node.onSubmit = async (json) => ({ orderId: hashIntent(parseIntent(json).order), duplicate: false })
    const body = `${text}\n`
    const response = await post(body)
    expect(response.status).toBe(202)
    expect(await response.json()).toEqual({ orderId, status: 'accepted' })
    expect(api.node.submitted.at(-1)).toBe(body)
  })

  test('whatever the content type (curl -d, a browser text/plain, none)', async () => {
    for (const headers of [
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'text/plain' },
    ]) {
      expect((await post(text, headers)).status).toBe(202)
      expect(api.node.submitted.at(-1)).toBe(text)
    }
    // Bytes, unlike a string, go without a content type.
    const bare = await fetch(`${api.url}/v1/intents`, {
      method: 'POST',
      body: new TextEncoder().encode(text),
    })
    expect(bare.status).toBe(202)
    expect(api.node.submitted.at(-1)).toBe(text)
  })

  test('a duplicate answers 200 "duplicate"', async () => {
    api.node.onSubmit = async () => ({ orderId, duplicate: true })
    const response = await post(text)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ orderId, status: 'duplicate' })
  })

  test.each([
    ['an encoding error of the intent', () => parseIntent('{"order":1}'), 400, 'INVALID_FIELD', 'order'],
    [
      'a used nonce',
      () => {
        throw new IntentRejectedError('NONCE_USED', 'order.nonce: 1 is already used', {
          field: 'order.nonce',
        })
      },
      422,
      'NONCE_USED',
      'order.nonce',
    ],
    [
      'too little balance',
      () => {
        throw new IntentRejectedError('INSUFFICIENT_BALANCE', 'balance 1 < 2', {
          field: 'order.orderData.collateralAmount',
        })
      },
      422,
      'INSUFFICIENT_BALANCE',
      'order.orderData.collateralAmount',
    ],
    [
      'a chain that is down',
      () => {
        throw new ChainUnavailableError('CHAIN_UNAVAILABLE', 'chain 31337 did not answer')
      },
      503,
      'CHAIN_UNAVAILABLE',
      undefined,
    ],
  ])('%s maps to its status with {code, message, field}', async (_case, fail, status, code, field) => {
    api.node.onSubmit = async () => fail() as never
    const response = await post(text)
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const body = await response.json()
    expect(body).toEqual({ code, message: expect.any(String), ...(field === undefined ? {} : { field }) })
  })

  test('a bug in the node is a 500 INTERNAL that tells nothing', async () => {
    api.node.onSubmit = async () => {
      throw new Error('secret detail at /home/node/x.ts:12')
    }
    const response = await post(text)
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ code: 'INTERNAL', message: 'internal error' })
  })

  test('an empty body is MALFORMED_JSON', async () => {
    const response = await post('')
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'MALFORMED_JSON' })
  })

  test('a body over the limit is 413 TOO_LARGE and never reaches the node', async () => {
    const before = api.node.submitted.length
    const response = await post(`{"pad":"${'x'.repeat(17 * 1024)}"}`)
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({
      code: 'TOO_LARGE',
      message: 'request body is too large (the limit is 16384 bytes)',
    })
    expect(api.node.submitted.length).toBe(before)
  })
})

describe('GET /v1/intents/:orderId', () => {
  test('the intent, its timeline with bigints as strings, and the latest status', async () => {
    api.node.intents.set(orderId, { intent: signed, receivedAtMs: 1_000 })
    api.node.timelines.set(orderId, [
      { orderId, kind: 'received', atMs: 1_000, detail: { source: 'http' } },
      { orderId, kind: 'bid', atMs: 1_200, actor: SOLVER, detail: { feeBps: 12 } },
      {
        orderId,
        kind: 'opened',
        atMs: 3_000,
        actor: SOLVER,
        chainId: 31337,
        blockNumber: 42n,
        txHash: `0x${'12'.repeat(32)}`,
        detail: {},
      },
    ])
    const response = await fetch(`${api.url}/v1/intents/${orderId.toUpperCase().replace('0X', '0x')}`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as IntentStatusResponse
    expect(body).toMatchObject({ orderId, status: 'opened', receivedAtMs: 1_000 })
    expect(parseIntent(JSON.stringify(body.intent))).toEqual(signed)
    expect(body.timeline).toHaveLength(3)
    expect(body.timeline[2]).toMatchObject({ kind: 'opened', blockNumber: '42', chainId: 31337 })
    expect(body.timeline[1]).toEqual({
      orderId,
      kind: 'bid',
      atMs: 1_200,
      actor: SOLVER,
      detail: { feeBps: 12 },
    })
  })

  test.each([
    ['refunded', 'expired'],
    ['expired', 'refunded'],
  ] as const)(
    'a refunded order says refunded whatever chain reported last (%s, then %s)',
    async (first, second) => {
      api.node.timelines.set(orderId, [
        { orderId, kind: 'received', atMs: 1_000, detail: { source: 'http' } },
        { orderId, kind: 'opened', atMs: 2_000, actor: SOLVER, chainId: 31337, detail: {} },
        { orderId, kind: first, atMs: 40_000, detail: {} },
        { orderId, kind: second, atMs: 41_000, detail: {} },
      ])
      const body = (await (await fetch(`${api.url}/v1/intents/${orderId}`)).json()) as IntentStatusResponse
      expect(body.status).toBe('refunded')
      expect(body.timeline.map((entry) => entry.kind)).toEqual(['received', 'opened', first, second])
    },
  )

  test('an unknown order is 404 NOT_FOUND', async () => {
    const response = await fetch(`${api.url}/v1/intents/0x${'00'.repeat(32)}`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND', field: 'orderId' })
  })

  test('a malformed orderId is 400 INVALID_FIELD', async () => {
    const response = await fetch(`${api.url}/v1/intents/0x1234`)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      code: 'INVALID_FIELD',
      message: 'orderId: expected 0x and 64 hex digits',
      field: 'orderId',
    })
  })
})

test('an unknown route is a 404 in JSON', async () => {
  const response = await fetch(`${api.url}/v2/nothing`)
  expect(response.status).toBe(404)
  expect(await response.json()).toEqual({ code: 'NOT_FOUND', message: 'no route GET /v2/nothing' })
})

test('CORS preflight lets a browser page POST JSON', async () => {
  const response = await fetch(`${api.url}/v1/intents`, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://wallet.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  })
  expect(response.status).toBe(204)
  expect(response.headers.get('access-control-allow-origin')).toBe('*')
  expect(response.headers.get('access-control-allow-methods')).toContain('POST')
  expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type')
})

test('a listed origin is allowed, another is not', async () => {
  const { url } = await start({ corsOrigins: ['http://wallet.example'] })
  const preflight = (origin: string) =>
    fetch(`${url}/v1/intents`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    })
  expect((await preflight('http://wallet.example')).headers.get('access-control-allow-origin')).toBe(
    'http://wallet.example',
  )
  expect((await preflight('http://evil.example')).headers.get('access-control-allow-origin')).toBeNull()
})

test('past the POST limit: 429 RATE_LIMITED in JSON with Retry-After; reads still pass', async () => {
  const { url } = await start({ rateLimit: { windowMs: 60_000, max: 2 } })
  const send = () => fetch(`${url}/v1/intents`, { method: 'POST', body: text })
  expect((await send()).status).toBe(202)
  expect((await send()).status).toBe(202)
  const limited = await send()
  expect(limited.status).toBe(429)
  expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
  expect(await limited.json()).toEqual({
    code: 'RATE_LIMITED',
    message: 'too many requests: at most 2 per 60 s',
  })
  expect((await fetch(`${url}/healthz`)).status).toBe(200)
  expect((await fetch(`${url}/v1/intents/0x${'00'.repeat(32)}`)).status).toBe(404)
})

test('/healthz and /metrics are never rate-limited; reads and submissions each have their own limit', async () => {
  const { url } = await start({
    rateLimit: { windowMs: 60_000, max: 1 },
    readRateLimit: { windowMs: 60_000, max: 2 },
  })
  const read = () => fetch(`${url}/v1/intents/0x${'00'.repeat(32)}`)
  expect((await read()).status).toBe(404)
  expect((await read()).status).toBe(404)
  expect(await (await read()).json()).toMatchObject({ code: 'RATE_LIMITED' })
  // Reads used up: a submission still goes through, once.
  expect((await fetch(`${url}/v1/intents`, { method: 'POST', body: text })).status).toBe(202)
  expect((await fetch(`${url}/v1/intents`, { method: 'POST', body: text })).status).toBe(429)
  // Far past both limits, monitoring answers every time.
  for (let i = 0; i < 20; i++) {
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    expect((await fetch(`${url}/metrics`)).status).toBe(200)
  }
})

describe('every client mistake is a 4xx with {code, message, field?} and no stack', () => {
  const other = { 'content-type': 'application/json' }
  test.each<[string, () => Promise<Response>, number, string]>([
    [
      'a gzip body',
      () =>
        fetch(`${api.url}/v1/intents`, {
          method: 'POST',
          body: gzipSync(text),
          headers: { ...other, 'content-encoding': 'gzip' },
        }),
      415,
      'UNSUPPORTED_ENCODING',
    ],
    [
      'a "gzip" body that is not gzip',
      () => post(text, { ...other, 'content-encoding': 'gzip' }),
      415,
      'UNSUPPORTED_ENCODING',
    ],
    ['a br body', () => post(text, { ...other, 'content-encoding': 'br' }), 415, 'UNSUPPORTED_ENCODING'],
    [
      'an unknown charset',
      () => post(text, { 'content-type': 'text/plain; charset=klingon' }),
      415,
      'UNSUPPORTED_ENCODING',
    ],
    [
      'a malformed %-escape in the orderId',
      () => fetch(`${api.url}/v1/intents/%E0%A4%A`),
      400,
      'MALFORMED_URL',
    ],
    ['an orderId that is not 32 bytes', () => fetch(`${api.url}/v1/intents/0xzz`), 400, 'INVALID_FIELD'],
    ['a malformed ?orderId=', () => fetch(`${api.url}/v1/events?orderId=%E0%A4%A`), 400, 'INVALID_FIELD'],
    ['an empty body', () => post(''), 400, 'MALFORMED_JSON'],
    ['a body over the limit', () => post('x'.repeat(17 * 1024)), 413, 'TOO_LARGE'],
    ['bad JSON', () => post('{"order":', { 'content-type': 'text/plain' }), 400, 'MALFORMED_JSON'],
    [
      'bad JSON sent as a form',
      () => post('a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' }),
      400,
      'MALFORMED_JSON',
    ],
    ['an unknown route', () => fetch(`${api.url}/v1/nothing/%E0%A4%A`), 404, 'NOT_FOUND'],
    [
      'a method the route lacks',
      () => fetch(`${api.url}/v1/intents`, { method: 'PUT', body: text }),
      404,
      'NOT_FOUND',
    ],
  ])('%s', async (_case, send, status, code) => {
    // The stub node judges the body with the real codec, as the node's intake does.
    api.node.onSubmit = async (json) => ({ orderId: hashIntent(parseIntent(json).order), duplicate: false })
    const response = await send()
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toMatchObject({ code, message: expect.any(String) })
    expect(Object.keys(body).every((key) => ['code', 'message', 'field'].includes(key))).toBe(true)
    expect(String(body.message)).not.toMatch(/\bat .*:\d+|\.ts\b|node_modules/)
  })
})

describe('GET /v1/events', () => {
  const entry = (
    id: Hex,
    kind: TimelineEntry['kind'],
    extra: Partial<TimelineEntry> = {},
  ): TimelineEntry => ({
    orderId: id,
    kind,
    atMs: 5_000,
    detail: {},
    ...extra,
  })
  const other: Hex = `0x${'cd'.repeat(32)}`

  test('streams each new entry as `event: timeline`, and unsubscribes when the client leaves', async () => {
    const stream = await openEvents(`${api.url}/v1/events`)
    await stream.readUntil(': subscribed')
    api.node.publish(entry(orderId, 'filled', { chainId: 31338, blockNumber: 7n, actor: SOLVER }))
    api.node.publish(entry(other, 'bid', { detail: { feeBps: 9 } }))
    const text = await stream.readUntil('"kind":"bid"')
    const events = parseEvents(text)
    expect(events.map((event) => event.name)).toEqual(['timeline', 'timeline'])
    expect(events[0]?.data).toEqual({
      orderId,
      kind: 'filled',
      atMs: 5_000,
      chainId: 31338,
      blockNumber: '7',
      actor: SOLVER,
      detail: {},
    })
    await stream.closeAndWaitForUnsubscribe(api.node)
  })

  test('?orderId= passes only that order', async () => {
    const stream = await openEvents(`${api.url}/v1/events?orderId=${other}`)
    await stream.readUntil(': subscribed')
    api.node.publish(entry(orderId, 'opened'))
    api.node.publish(entry(other, 'opened'))
    api.node.publish(entry(other, 'filled'))
    const events = parseEvents(await stream.readUntil('"kind":"filled"'))
    expect(events.map((event) => [event.data.orderId, event.data.kind])).toEqual([
      [other, 'opened'],
      [other, 'filled'],
    ])
    await stream.closeAndWaitForUnsubscribe(api.node)
  })

  test('a malformed ?orderId= is 400 INVALID_FIELD', async () => {
    const response = await fetch(`${api.url}/v1/events?orderId=nope`)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'INVALID_FIELD', field: 'orderId' })
  })

  test('streams are capped per client (429) and per node (503); a closed stream frees its slot', async () => {
    const { url, node } = await start({ maxStreams: 3, maxStreamsPerClient: 2, trustProxy: 'loopback' })
    const as = (ip: string) => ({ headers: { 'x-forwarded-for': ip } })
    const first = await openEvents(`${url}/v1/events`, as('203.0.113.1'))
    const second = await openEvents(`${url}/v1/events`, as('203.0.113.1'))
    const third = await fetch(`${url}/v1/events`, as('203.0.113.1'))
    expect(third.status).toBe(429)
    expect(await third.json()).toEqual({
      code: 'TOO_MANY_STREAMS',
      message: 'this client already has 2 event streams open (at most 2): close one first',
    })
    // Another client still gets the node's last slot, and then the node is full for everyone.
    const other = await openEvents(`${url}/v1/events`, as('203.0.113.2'))
    const full = await fetch(`${url}/v1/events`, as('203.0.113.3'))
    expect(full.status).toBe(503)
    expect(await full.json()).toMatchObject({ code: 'STREAMS_FULL' })
    // Closing a stream frees its slot for its client.
    await first.closeAndWaitForSubscribers(node, 2)
    const again = await openEvents(`${url}/v1/events`, as('203.0.113.1'))
    await again.readUntil(': subscribed')
    for (const stream of [second, other, again]) stream.close()
  })

  test('an idle stream gets heartbeat comments', async () => {
    const { url } = await start({ heartbeatMs: 20 })
    const stream = await openEvents(`${url}/v1/events`)
    expect(await stream.readUntil(': heartbeat')).toContain(': subscribed\n\n: heartbeat\n\n')
    stream.close()
  })
})

test('/metrics serves every node metric, counting HTTP submissions', async () => {
  const { url } = await start()
  await fetch(`${url}/v1/intents`, { method: 'POST', body: text })
  const response = await fetch(`${url}/metrics`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
  const body = await response.text()
  expect(body).toContain('xmargin_intents_received_total{source="http",verdict="accepted"} 1')
  for (const name of [
    'xmargin_bids_received_total',
    'xmargin_bids_sent_total',
    'xmargin_auctions_won_total',
    'xmargin_fills_total',
    'xmargin_fades_total',
    'xmargin_submit_to_open_seconds',
    'xmargin_gossip_peers',
    'xmargin_relay_messages_total',
    'xmargin_keeper_actions_total',
    'xmargin_process_cpu_seconds_total',
  ])
    expect(body).toContain(`# TYPE ${name}`)
})

test('/healthz: 200 when ok, 503 with the reasons and the same JSON when not', async () => {
  const ok = await fetch(`${api.url}/healthz`)
  expect(ok.status).toBe(200)
  expect(await ok.json()).toEqual(api.node.healthReport)
  api.node.healthReport = {
    ...api.node.healthReport,
    ok: false,
    reasons: ['no peers', 'chain 31337: stale, no answer since 2026-01-01T00:00:00.000Z'],
    peers: 0,
    chains: [{ chainId: 31337, block: 10, ageMs: 9_000, ok: false }],
  }
  const down = await fetch(`${api.url}/healthz`)
  expect(down.status).toBe(503)
  expect(await down.json()).toEqual({
    ok: false,
    name: 'stub-node',
    reasons: ['no peers', 'chain 31337: stale, no answer since 2026-01-01T00:00:00.000Z'],
    peerId: '12D3KooWStub',
    peers: 0,
    chains: [{ chainId: 31337, block: 10, ageMs: 9_000, ok: false }],
    solver: SOLVER,
  })
})

test('a 4xx is logged at debug, a 5xx at error with its stack', async () => {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')))
      done()
    },
  })
  const { url, node } = await start({ logger: createLogger({ name: 'api', level: 'debug', destination }) })
  node.onSubmit = async () => {
    throw new Error('a bug')
  }
  expect((await fetch(`${url}/v2/nothing`)).status).toBe(404)
  expect((await fetch(`${url}/v1/intents`, { method: 'POST', body: text })).status).toBe(500)
  await eventually(() => lines.filter((line) => line.path !== undefined).length >= 2)
  const refused = lines.find((line) => line.path === '/v2/nothing')
  expect(refused).toMatchObject({ level: 20, status: 404, code: 'NOT_FOUND' })
  expect(refused?.err).toBeUndefined()
  const failed = lines.find((line) => line.path === '/v1/intents')
  expect(failed).toMatchObject({ level: 50, status: 500, code: 'INTERNAL', err: { message: 'a bug' } })
  expect(String((failed?.err as { stack?: unknown } | undefined)?.stack)).toMatch(
    /^Error: a bug\n\s+at .*createApi\.test\.ts/,
  )
})

async function eventually(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5))
}

type EventStream = {
  /** Reads until the text received so far contains `marker`; returns all of it. */
  readUntil(marker: string): Promise<string>
  close(): void
  closeAndWaitForUnsubscribe(node: StubApiNode): Promise<void>
  /** Closes, then waits until the node has `left` subscribers. */
  closeAndWaitForSubscribers(node: StubApiNode, left: number): Promise<void>
}

async function openEvents(url: string, init: RequestInit = {}): Promise<EventStream> {
  const abort = new AbortController()
  const response = await fetch(url, { ...init, signal: abort.signal })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
  const reader = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream())
    .getReader()
  let received = ''
  return {
    async readUntil(marker) {
      while (!received.includes(marker)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended before ${marker}`)
        received += value
      }
      return received
    },
    close: () => abort.abort(),
    closeAndWaitForUnsubscribe: (node) => closeAndWaitForSubscribers(node, 0),
    closeAndWaitForSubscribers,
  }
  async function closeAndWaitForSubscribers(node: StubApiNode, left: number): Promise<void> {
    // The server unsubscribes when it sees the socket close; the stub's count says when it has.
    abort.abort()
    while (node.subscriberCount() > left) await new Promise((resolve) => setImmediate(resolve))
  }
}

function parseEvents(text: string): { name: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const lines = block.split('\n')
      const name = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? ''
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '{}'
      return { name, data: JSON.parse(data) }
    })
}
