import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { type RunCliResult, runCli } from '../testing/runCli.ts'
import type { IntentStatusResponse, TimelineEntryJson } from './nodeApi.ts'

const ORDER = `0x${'ab'.repeat(32)}`
const OTHER = `0x${'cd'.repeat(32)}`
const SOLVER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const T0 = 1_800_000_000_000

const entry = (kind: string, atMs: number, extra: Partial<TimelineEntryJson> = {}): TimelineEntryJson => ({
  orderId: ORDER,
  kind,
  atMs: T0 + atMs,
  detail: {},
  ...extra,
})

const SNAPSHOT: TimelineEntryJson[] = [
  entry('received', 0, { detail: { source: 'http' } }),
  entry('bid', 400, { actor: SOLVER, detail: { feeBps: 12 } }),
  entry('won', 1_500, { actor: SOLVER, detail: { feeBps: 12 } }),
  entry('opened', 2_000, {
    actor: SOLVER,
    chainId: 31337,
    blockNumber: '12',
    txHash: `0x${'1f'.repeat(32)}`,
  }),
]

/** How `intent status` prints the header and SNAPSHOT's rows. */
const SNAPSHOT_ROWS = [
  `orderId: ${ORDER}`,
  '',
  'TIME     EVENT                ACTOR        CHAIN     DETAIL',
  '+0.0s    received                                    via http',
  '+0.4s    bid                  0x7099…79C8            fee 12 bps',
  '+1.5s    won                  0x7099…79C8            fee 12 bps',
  '+2.0s    opened               0x7099…79C8  31337     tx 0x1f1f…1f1f',
]

/** What the stub node streams once the CLI has read the snapshot. */
let pushes: (TimelineEntryJson | 'end')[]
let timeline: TimelineEntryJson[]
let server: Server
let node: string
let dir: string
const streams: ServerResponse[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmargin-status-test-'))
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub')
    if (url.pathname === '/v1/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': subscribed\n\n')
      streams.push(res)
      return
    }
    if (url.pathname !== `/v1/intents/${ORDER}`) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ code: 'NOT_FOUND', message: 'order is not known to this node', field: 'orderId' }),
        )
      return
    }
    const body: IntentStatusResponse = {
      orderId: ORDER,
      status: timeline.at(-1)?.kind ?? 'received',
      intent: null,
      receivedAtMs: T0,
      timeline,
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body), () => {
      for (const stream of streams) for (const push of pushes) send(stream, push)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  node = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

beforeEach(() => {
  timeline = SNAPSHOT
  pushes = []
  streams.length = 0
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await rm(dir, { recursive: true, force: true })
})

function send(stream: ServerResponse, push: TimelineEntryJson | 'end'): void {
  if (push === 'end') stream.end()
  else stream.write(`event: timeline\ndata: ${JSON.stringify(push)}\n\n`)
}

const status = (args: string[]) => runCli(['intent', 'status', ...args, '--node', node], { cwd: dir })

function expectOneLineFailure(result: RunCliResult): string {
  expect(result.code).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr.split('\n')).toHaveLength(2)
  return result.stderr.trimEnd()
}

test('prints the timeline as a table, times relative to receipt, then the status', async () => {
  const result = await status([ORDER])
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  expect(result.stdout).toBe(
    [...SNAPSHOT_ROWS, '', 'status:  opened (collateral in escrow on the origin chain)', ''].join('\n'),
  )
})

test('--json prints the node answer', async () => {
  const result = await status([ORDER, '--json'])
  expect(result.code).toBe(0)
  expect(JSON.parse(result.stdout)).toMatchObject({ orderId: ORDER, status: 'opened', timeline: SNAPSHOT })
})

test('--follow prints new events once each, until the order is settled', async () => {
  pushes = [
    SNAPSHOT[3] as TimelineEntryJson, // seen in the snapshot already
    entry('filled', 3_000, { orderId: OTHER, chainId: 31338 }), // another order
    entry('filled', 3_100, {
      actor: SOLVER,
      chainId: 31338,
      detail: { entryPrice: '3050500000000000000000', front: '5685650000' },
    }),
    entry('fee-paid', 75_000, { actor: SOLVER, chainId: 31337, detail: { feeBps: 12 } }),
    entry('backed', 75_200, { chainId: 31338 }),
    entry('closed', 80_000, { chainId: 31338 }),
  ]
  const result = await status([ORDER, '--follow'])
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  expect(result.stdout).toBe(
    [
      ...SNAPSHOT_ROWS,
      '+3.1s    filled               0x7099…79C8  31338     entry $3,050.5, front $5,685.65',
      '+1m15s   fee-paid             0x7099…79C8  31337     fee 12 bps',
      '',
      'status:  fee-paid (settled: position open, solver paid)',
      '',
    ].join('\n'),
  )
})

test('--follow --json: the snapshot, then one JSON line per new entry', async () => {
  pushes = [entry('filled', 3_100, { chainId: 31338 }), entry('fee-paid', 4_000, { chainId: 31337 })]
  const result = await status([ORDER, '--follow', '--json'])
  expect(result.code).toBe(0)
  const lines = result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line))
  expect(lines).toEqual([
    expect.objectContaining({ orderId: ORDER, timeline: SNAPSHOT }),
    pushes[0],
    pushes[1],
  ])
})

test('--follow on an order already at rest prints it and returns', async () => {
  timeline = [...SNAPSHOT, entry('refunded', 400_000, { chainId: 31337 })]
  const result = await status([ORDER, '--follow'])
  expect(result.code).toBe(0)
  expect(result.stdout).toContain('+6m40s   refunded                          31337\n')
  expect(result.stdout.endsWith('status:  refunded (not filled in time: collateral refunded)\n')).toBe(true)
})

test('--follow when the node ends the stream early: the rows so far, then one line, exit 2', async () => {
  pushes = [entry('filled', 3_100, { chainId: 31338 }), 'end']
  const result = await status([ORDER, '--follow'])
  expect(result.code).toBe(2)
  expect(result.stdout).toContain('+3.1s    filled                            31338\n')
  expect(result.stderr).toBe(
    `xmargin: the node at ${node} ended the event stream before the order came to rest\n`,
  )
})

test('an order the node does not know: one line, exit 2', async () => {
  expect(expectOneLineFailure(await status([OTHER]))).toBe(
    'xmargin: orderId: order is not known to this node (NOT_FOUND)',
  )
})

test('a malformed orderId is refused before asking the node', async () => {
  expect(expectOneLineFailure(await status(['0x1234']))).toBe(
    'xmargin: orderId 0x1234: expected 0x and 64 hex digits',
  )
})
