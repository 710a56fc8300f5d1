import { constants } from 'node:os'
import { decodeIntent } from '@xmargin/intents'
import type { Argv } from 'yargs'
import { UsageError } from '../errors.ts'
import { type NodeRejectedError, NodeUnreachableError } from '../node/errors.ts'
import { fetchIntentStatus } from '../node/fetchIntentStatus.ts'
import { type FollowOrderUpdate, followOrder } from '../node/followOrder.ts'
import { DEFAULT_NODE_URL, parseNodeUrl } from '../node/nodeUrl.ts'
import type { IntentStatusResponse, TimelineEntryJson } from '../node/wire.ts'
import { printError, printJson, printLines } from '../output/print.ts'
import { type OrderDeadlines, type OrderStatus, orderStatus } from '../timeline/orderStatus.ts'
import { timelineHeader, timelineRow } from '../timeline/timelineTable.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type IntentStatusArgs = GlobalOptions & { orderId: string; node: string; follow?: boolean | undefined }

// A deadline passes on this machine's clock, but the node sees a block stamped with it a little later
// (its chain watcher polls, blocks take time to arrive): --follow waits this long before it concludes.
const DEADLINE_GRACE_MS = 5_000

export function intentStatusCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'status <orderId>',
    "Show an order's timeline as a solver node saw it, and where it stands (by this machine's clock)",
    (command) =>
      command
        .positional('orderId', {
          type: 'string',
          demandOption: true,
          describe: 'The orderId (0x + 64 hex digits)',
        })
        .options({
          node: { type: 'string', default: DEFAULT_NODE_URL, describe: "The solver node's HTTP API" },
          follow: {
            type: 'boolean',
            describe:
              'Keep printing new events, across node restarts, until the order comes to rest (settled, closed, liquidated, expired, refunded); Ctrl-C exits 130',
          },
        })
        .example('$0 intent status 0x… --follow', ''),
    (argv) => intentStatus(argv),
  )
}

async function intentStatus(argv: IntentStatusArgs): Promise<void> {
  const node = parseNodeUrl(argv.node)
  const orderId = parseOrderId(argv.orderId)
  if (argv.follow === true) return follow(node, orderId, argv.json)
  const snapshot = await fetchIntentStatus(node, orderId)
  const status = statusOf(snapshot.timeline, snapshot.intent)
  if (argv.json) return printJson({ ...snapshot, state: status.state, statusLine: status.line })
  printLines(...table(snapshot), '', `status:  ${status.line}`)
}

/**
 * Prints the order's timeline, then each new entry once, until the order comes to rest. A status
 * line is printed whenever the clock alone moves the order on (a deadline passing), and at the end.
 */
async function follow(node: string, orderId: string, json: boolean): Promise<void> {
  const interrupt = new AbortController()
  let exitCode = 0
  // Ended by a signal, it exits as a shell reports a program the signal killed (128 + its number: 130
  // for Ctrl-C), so that `xmargin intent status … --follow && next-step` never goes on as though the
  // order had come to rest.
  const onSignal = (signal: NodeJS.Signals): void => {
    exitCode = 128 + constants.signals[signal]
    interrupt.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const order = trackOrder()
  const out = followOutput(orderId, json)
  let outage = false
  try {
    const updates = followOrder({ node, orderId, signal: interrupt.signal, wakeAtMs: order.wakeAtMs })
    for await (const update of updates) {
      if (update.type === 'unreachable') {
        out.unreachable(update.error)
        outage = true
        continue
      }
      if (outage) out.resumed()
      outage = false
      const { added, status, movedByClock } = order.apply(update)
      if (update.type === 'snapshot' && update.cause === 'connected') out.snapshot(update.snapshot, status)
      else out.entries(added)
      if (status.resting) return out.status(status)
      if (movedByClock) out.status(status)
    }
    const status = order.current()
    if (status !== undefined) out.status(status)
    process.exitCode = exitCode
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** The order as followed so far: the node's latest account of it, plus the entries streamed since. */
function trackOrder() {
  let timeline: TimelineEntryJson[] = []
  let intent: unknown = null
  let current: OrderStatus | undefined
  return {
    current: () => current,
    wakeAtMs: () =>
      current?.changesAtMs === undefined ? undefined : current.changesAtMs + DEADLINE_GRACE_MS,
    apply(update: Exclude<FollowOrderUpdate, { type: 'unreachable' }>) {
      let added: TimelineEntryJson[]
      if (update.type === 'entry') {
        added = [update.entry]
        timeline.push(update.entry)
      } else {
        // The node's account replaces ours: it holds every entry, in its order.
        added = update.added
        timeline = [...update.snapshot.timeline]
        intent = update.snapshot.intent
      }
      const status = statusOf(timeline, intent)
      const movedByClock = added.length === 0 && current !== undefined && status.state !== current.state
      current = status
      return { added, status, movedByClock }
    },
  }
}

/** What --follow prints: the table then a row per entry, or one JSON value each; notices on stderr. */
function followOutput(orderId: string, json: boolean) {
  let origin = 0
  return {
    snapshot(snapshot: IntentStatusResponse, status: OrderStatus): void {
      origin = originOf(snapshot)
      if (json) printJson({ ...snapshot, state: status.state, statusLine: status.line })
      else printLines(...table(snapshot))
    },
    entries(entries: readonly TimelineEntryJson[]): void {
      if (json) for (const entry of entries) printJson(entry)
      else printLines(...entries.map((entry) => timelineRow(entry, origin)))
    },
    status(status: OrderStatus): void {
      if (json) printJson({ orderId, state: status.state, statusLine: status.line })
      else printLines('', `status:  ${status.line}`)
    },
    unreachable(error: NodeUnreachableError | NodeRejectedError): void {
      const reason = error instanceof NodeUnreachableError ? error.reason : error.message
      printError(`xmargin: node unreachable, retrying… (${reason})`)
    },
    resumed(): void {
      printError('xmargin: node reachable again, resuming')
    },
  }
}

function table(snapshot: IntentStatusResponse): string[] {
  const origin = originOf(snapshot)
  return [
    `orderId: ${snapshot.orderId}`,
    '',
    timelineHeader(),
    ...snapshot.timeline.map((entry) => timelineRow(entry, origin)),
  ]
}

function statusOf(timeline: readonly TimelineEntryJson[], intent: unknown): OrderStatus {
  return orderStatus({ timeline, deadlines: deadlinesOf(intent), nowMs: Date.now() })
}

/** The signed intent's deadlines, read with the intent codec; none when the node holds no intent. */
function deadlinesOf(intent: unknown): OrderDeadlines | undefined {
  if (intent === null) return undefined
  try {
    const { openDeadline, fillDeadline } = decodeIntent(intent).order
    return { openDeadline, fillDeadline }
  } catch {
    return undefined
  }
}

/** Times are shown relative to when the node received the intent (or its first event). */
function originOf(snapshot: IntentStatusResponse): number {
  return snapshot.receivedAtMs ?? snapshot.timeline[0]?.atMs ?? Date.now()
}

function parseOrderId(value: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value))
    throw new UsageError(`orderId ${value}: expected 0x and 64 hex digits`)
  return value.toLowerCase()
}
