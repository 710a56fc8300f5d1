import type { Argv } from 'yargs'
import { CliError, UsageError } from '../errors.ts'
import { printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'
import {
  DEFAULT_NODE_URL,
  type IntentStatusResponse,
  isTimelineEntry,
  openTimelineEvents,
  parseNodeUrl,
  requestNode,
  type TimelineEntryJson,
} from './nodeApi.ts'
import { describeStatus, isAtRest, timelineHeader, timelineRow } from './timelineTable.ts'

export type IntentStatusArgs = GlobalOptions & { orderId: string; node: string; follow?: boolean | undefined }

export function intentStatusCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'status <orderId>',
    "Show an order's timeline as a solver node saw it: bids, open, fill, settlement",
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
              'Keep printing new events until the order comes to rest (settled, refunded, released, seized)',
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
  const snapshot = await fetchStatus(node, orderId)
  if (argv.json) return printJson(snapshot)
  const origin = originOf(snapshot)
  printLines(
    `orderId: ${snapshot.orderId}`,
    '',
    timelineHeader(),
    ...snapshot.timeline.map((entry) => timelineRow(entry, origin)),
    '',
    `status:  ${describeStatus(snapshot.status)}`,
  )
}

/**
 * Subscribes first, then reads the snapshot, so that nothing that happens in between is missed; an
 * entry that arrives both ways is printed once.
 */
async function follow(node: string, orderId: string, json: boolean): Promise<void> {
  const abort = new AbortController()
  try {
    const events = await openTimelineEvents(node, `/v1/events?orderId=${orderId}`, abort.signal)
    const snapshot = await fetchStatus(node, orderId)
    const origin = originOf(snapshot)
    const seen = new Set(snapshot.timeline.map(entryKey))
    const kinds = snapshot.timeline.map((entry) => entry.kind)
    if (json) printJson(snapshot)
    else
      printLines(
        `orderId: ${snapshot.orderId}`,
        '',
        timelineHeader(),
        ...snapshot.timeline.map((entry) => timelineRow(entry, origin)),
      )
    if (!isAtRest(kinds)) {
      for await (const entry of events) {
        if (entry.orderId.toLowerCase() !== orderId || seen.has(entryKey(entry))) continue
        seen.add(entryKey(entry))
        kinds.push(entry.kind)
        if (json) printJson(entry)
        else printLines(timelineRow(entry, origin))
        if (isAtRest(kinds)) break
      }
    }
    if (!isAtRest(kinds))
      throw new CliError('INPUT', `the node at ${node} ended the event stream before the order came to rest`)
    if (!json) printLines('', `status:  ${describeStatus(kinds.at(-1) ?? snapshot.status)}`)
  } finally {
    abort.abort()
  }
}

async function fetchStatus(node: string, orderId: string): Promise<IntentStatusResponse> {
  const { body } = await requestNode(node, `/v1/intents/${orderId}`)
  if (!isStatusResponse(body))
    throw new CliError('INPUT', `the node at ${node} answered with an unexpected shape`)
  return body
}

function isStatusResponse(body: unknown): body is IntentStatusResponse {
  return (
    typeof body === 'object' &&
    body !== null &&
    'orderId' in body &&
    typeof body.orderId === 'string' &&
    'status' in body &&
    typeof body.status === 'string' &&
    'timeline' in body &&
    Array.isArray(body.timeline) &&
    body.timeline.every(isTimelineEntry)
  )
}

/** Times are shown relative to when the node received the intent (or its first event). */
function originOf(snapshot: IntentStatusResponse): number {
  return snapshot.receivedAtMs ?? snapshot.timeline[0]?.atMs ?? Date.now()
}

function entryKey(entry: TimelineEntryJson): string {
  return JSON.stringify([entry.kind, entry.atMs, entry.actor, entry.chainId, entry.txHash, entry.detail])
}

function parseOrderId(value: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value))
    throw new UsageError(`orderId ${value}: expected 0x and 64 hex digits`)
  return value.toLowerCase()
}
