import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toIntentJson } from '@xmargin/intents'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { buildIntent } from '../intent/buildIntent.ts'
import { DEMO_TERMS } from '../intent/demoTerms.ts'
import type { TimelineEntryJson } from '../node/wire.ts'
import { type RunCliResult, runCli } from '../testing/runCli.ts'
import { spawnCli } from '../testing/spawnCli.ts'
import { type StubNode, startStubNode } from '../testing/stubNode.ts'

const ORDER = `0x${'ab'.repeat(32)}`
const OTHER = `0x${'cd'.repeat(32)}`
const TRADER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const SOLVER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const T0 = 1_800_000_000_000

const entry = (kind: string, atMs: number, extra: Partial<TimelineEntryJson> = {}): TimelineEntryJson => ({
  orderId: ORDER,
  kind,
  atMs: T0 + atMs,
  detail: {},
  ...extra,
})

// No intent and no deadlines in `opened`: the status has no countdown, so the output is exact.
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
const FILLED = entry('filled', 3_100, {
  actor: SOLVER,
  chainId: 31338,
  detail: { entryPrice: '3050500000000000000000', front: '5685650000' },
})
const FEE_PAID = entry('fee-paid', 75_000, { actor: SOLVER, chainId: 31337, detail: { feeBps: 12 } })

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
const FILLED_ROW = '+3.1s    filled               0x7099…79C8  31338     entry $3,050.5, front $5,685.65'
const FEE_PAID_ROW = '+1m15s   fee-paid             0x7099…79C8  31337     fee 12 bps'
const SETTLED = 'settled: your position is open at entry $3,050.5; 0x7099…79C8 filled it and was paid 12 bps'

/** The intent's canonical JSON, its deadlines `openIn` and `fillIn` seconds from now (negative: past). */
function intentJson(openIn: number, fillIn: number): unknown {
  // Signed an hour ago, so that deadlines in the past still come after the fee schedule.
  const now = Math.floor(Date.now() / 1000) - 3600
  const flags = {
    ...DEMO_TERMS,
    openIn: String(openIn + 3600),
    fillIn: String(fillIn + 3600),
    feeRamp: '0',
    feeStartBps: '30',
  }
  return toIntentJson({ order: buildIntent({ flags, trader: TRADER, now, defaultNonce: 7n }) })
}

let stub: StubNode
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmargin-status-test-'))
  stub = await startStubNode({ orderId: ORDER, intent: null, receivedAtMs: T0, timeline: [] })
})

beforeEach(() => {
  stub.order = { orderId: ORDER, intent: null, receivedAtMs: T0, timeline: SNAPSHOT }
})

// A test may have stopped it; and no stream outlives its test.
afterEach(() => stub.stop().then(() => stub.start()))

afterAll(async () => {
  await stub.stop()
  await rm(dir, { recursive: true, force: true })
})

const args = (extra: string[]) => ['intent', 'status', ...extra, '--node', stub.url]
const status = (extra: string[]) => runCli(args(extra), { cwd: dir })
const follow = (extra: string[] = []) => spawnCli(args([ORDER, '--follow', ...extra]), { cwd: dir })
const jsonLines = (stdout: string): unknown[] =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line))

function expectOneLineFailure(result: RunCliResult): string {
  expect(result.code).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr.split('\n')).toHaveLength(2)
  return result.stderr.trimEnd()
}

test('prints the timeline as a table, times relative to receipt, then where the order stands', async () => {
  const result = await status([ORDER])
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  expect(result.stdout).toBe(
    [
      ...SNAPSHOT_ROWS,
      '',
      'status:  opened: 0x7099…79C8 holds your collateral in escrow and must fill',
      '',
    ].join('\n'),
  )
})

test('--json prints the node answer with the same status: a state and the line', async () => {
  const result = await status([ORDER, '--json'])
  expect(result.code).toBe(0)
  expect(JSON.parse(result.stdout)).toEqual({
    orderId: ORDER,
    status: 'opened',
    intent: null,
    receivedAtMs: T0,
    timeline: SNAPSHOT,
    state: 'opened',
    statusLine: 'opened: 0x7099…79C8 holds your collateral in escrow and must fill',
  })
})

test('bidding: a countdown to the open deadline', async () => {
  stub.order.intent = intentJson(300, 600)
  stub.order.timeline = SNAPSHOT.slice(0, 2)
  const result = await status([ORDER])
  expect(result.code).toBe(0)
  expect(result.stdout).toMatch(
    /\nstatus: {2}bidding: 1 bid, best 12 bps from 0x7099…79C8; a solver must open by \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in [45] min \d\d s\)\n$/,
  )
})

test('the open deadline passed with no open: expired, the collateral never moved (human and --json)', async () => {
  stub.order.intent = intentJson(-10, 600)
  stub.order.timeline = SNAPSHOT.slice(0, 3)
  const line = 'expired: no solver opened it; your collateral never left your wallet'
  const human = await status([ORDER])
  expect(human.stdout.endsWith(`\nstatus:  ${line}\n`)).toBe(true)
  expect(JSON.parse((await status([ORDER, '--json'])).stdout)).toMatchObject({
    status: 'won',
    state: 'expired',
    statusLine: line,
  })
})

test('opened but not filled by the fill deadline: waiting for a refund, then refunded with the slash', async () => {
  stub.order.intent = intentJson(-20, -10)
  expect((await status([ORDER])).stdout).toMatch(
    /\nstatus: {2}waiting for a refund: 0x7099…79C8 opened it but did not fill by [\d-]+ [\d:]+ UTC; anyone can expire it and the vault returns your collateral and slashes the solver\n$/,
  )
  stub.order.timeline = [
    ...SNAPSHOT,
    entry('expired', 400_000, { chainId: 31338 }),
    entry('refunded', 420_000, {
      chainId: 31337,
      detail: { opener: SOLVER, slashed: '10000000000000000000' },
    }),
  ]
  const refunded = JSON.parse((await status([ORDER, '--json'])).stdout)
  expect(refunded.state).toBe('refunded')
  expect(refunded.statusLine).toMatch(
    /^refunded: 0x7099…79C8 opened it but did not fill by [\d-]+ [\d:]+ UTC; the vault returned your collateral and slashed the solver 10 BOND$/,
  )
})

test('--follow prints new entries once each, until the order is settled', async () => {
  const served = stub.nextSnapshot()
  const cli = follow()
  await served
  stub.stream(SNAPSHOT[3] as TimelineEntryJson) // seen in the snapshot already
  stub.stream(entry('filled', 3_000, { orderId: OTHER, chainId: 31338 })) // another order
  stub.push(FILLED, FEE_PAID, entry('backed', 75_200, { chainId: 31338 }))
  const result = await cli.exited
  expect(result).toEqual({
    code: 0,
    stderr: '',
    stdout: [...SNAPSHOT_ROWS, FILLED_ROW, FEE_PAID_ROW, '', `status:  ${SETTLED}`, ''].join('\n'),
  })
})

test('--follow --json: the snapshot with its state, one line per new entry, then the final status', async () => {
  const served = stub.nextSnapshot()
  const cli = follow(['--json'])
  await served
  stub.push(FILLED, FEE_PAID)
  const result = await cli.exited
  expect(result.code).toBe(0)
  expect(jsonLines(result.stdout)).toEqual([
    expect.objectContaining({ orderId: ORDER, timeline: SNAPSHOT, state: 'opened' }),
    FILLED,
    FEE_PAID,
    { orderId: ORDER, state: 'settled', statusLine: SETTLED },
  ])
})

test('--follow reconnects across a node restart and prints every entry once', async () => {
  const served = stub.nextSnapshot()
  const cli = follow()
  await served
  stub.push(FILLED)
  await cli.waitFor('stdout', FILLED_ROW)
  await stub.stop()
  await cli.waitFor('stderr', 'retrying')
  // While the node is down it learns of the fee: the CLI finds it in the snapshot it re-reads.
  stub.order.timeline = [...stub.order.timeline, entry('backed', 70_000, { chainId: 31338 })]
  const reconnected = stub.nextSnapshot()
  await stub.start()
  await reconnected
  stub.stream(FILLED) // the node repeating an entry the CLI has
  stub.push(FEE_PAID)
  const result = await cli.exited
  expect(result.code).toBe(0)
  expect(result.stderr).toMatch(
    /^xmargin: node unreachable, retrying… \(connection refused\)\nxmargin: node reachable again, resuming\n$/,
  )
  expect(result.stdout).toBe(
    [
      ...SNAPSHOT_ROWS,
      FILLED_ROW,
      '+1m10s   backed                            31338',
      FEE_PAID_ROW,
      '',
      `status:  ${SETTLED}`,
      '',
    ].join('\n'),
  )
})

test('--follow stops once the open deadline passes unopened, by re-reading the node', async () => {
  // Far enough ahead that the CLI, which takes a moment to start, sees the order still bidding.
  stub.order.intent = intentJson(4, 600)
  stub.order.timeline = SNAPSHOT.slice(0, 2)
  const before = stub.snapshotsServed
  const result = await follow().exited
  expect(result.code).toBe(0)
  expect(stub.snapshotsServed - before).toBe(2) // on connecting, and once the deadline had passed
  expect(result.stdout).toBe(
    [
      ...SNAPSHOT_ROWS.slice(0, 5),
      '',
      'status:  expired: no solver opened it; your collateral never left your wallet',
      '',
    ].join('\n'),
  )
})

test('--follow on an order already at rest prints it and returns', async () => {
  stub.order.timeline = [
    ...SNAPSHOT,
    entry('refunded', 400_000, { chainId: 31337, detail: { opener: SOLVER } }),
  ]
  const result = await follow().exited
  expect(result.code).toBe(0)
  expect(result.stdout).toContain(
    '+6m40s   refunded                          31337     opener 0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n',
  )
  expect(result.stdout).toMatch(
    /\nstatus: {2}refunded: 0x7099…79C8 opened it but did not fill in time; the vault returned your collateral\n$/,
  )
})

test('Ctrl-C ends --follow with where the order stands, exit 130', async () => {
  const served = stub.nextSnapshot()
  const cli = follow()
  await served
  await cli.waitFor('stdout', SNAPSHOT_ROWS.at(-1) as string)
  cli.child.kill('SIGINT')
  const result = await cli.exited
  expect(result).toEqual({
    code: 130,
    stderr: '',
    stdout: [
      ...SNAPSHOT_ROWS,
      '',
      'status:  opened: 0x7099…79C8 holds your collateral in escrow and must fill',
      '',
    ].join('\n'),
  })
})

test('a node unreachable when --follow starts: one line, exit 2', async () => {
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
  await new Promise((resolve) => closed.close(resolve))
  const result = await runCli(['intent', 'status', ORDER, '--follow', '--node', url], { cwd: dir })
  expect(expectOneLineFailure(result)).toBe(
    `xmargin: cannot reach the node at ${url}: connection refused (is the node running?)`,
  )
})

test('an order the node does not know: one line, exit 2', async () => {
  expect(expectOneLineFailure(await status([OTHER]))).toBe(
    'xmargin: orderId: order is not known to this node (NOT_FOUND)',
  )
  expect(expectOneLineFailure(await status([OTHER, '--follow']))).toBe(
    'xmargin: orderId: order is not known to this node (NOT_FOUND)',
  )
})

test('a malformed orderId is refused before asking the node', async () => {
  expect(expectOneLineFailure(await status(['0x1234']))).toBe(
    'xmargin: orderId 0x1234: expected 0x and 64 hex digits',
  )
})
