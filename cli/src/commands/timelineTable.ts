import type { TimelineEntryJson } from './nodeApi.ts'

// Fixed widths, so that rows printed one by one under --follow line up with the header.
const COLUMNS = [
  ['TIME', 9],
  ['EVENT', 21],
  ['ACTOR', 13],
  ['CHAIN', 10],
  ['DETAIL', 0],
] as const

/** What a trader should read into each status (the node's timeline kinds). */
const STATUS_MEANING: Readonly<Record<string, string>> = {
  received: 'waiting for solver bids',
  bid: 'solvers are bidding',
  won: 'a solver is due to fill',
  faded: 'the winner did not open; the next bidder takes over',
  opened: 'collateral in escrow on the origin chain',
  filled: 'position open on the destination chain',
  backed: "collateral credited, the solver's front repaid",
  'fee-paid': 'settled: position open, solver paid',
  refunded: 'not filled in time: collateral refunded',
  expired: 'not filled in time: refund on its way',
  liquidated: 'position liquidated',
  'debt-settled': 'debt settled, collateral being seized',
  seized: 'collateral seized on the origin chain',
  closed: 'position closed',
  'withdrawal-requested': 'collateral release on its way',
  released: 'collateral back with the trader',
  failed: "this node's attempt failed",
}

/** Kinds after which nothing more is expected until the trader acts again. */
const RESTING = new Set(['fee-paid', 'refunded', 'released', 'seized'])
/** Kinds that start a new phase of the position, so whatever rested before is in motion again. */
const IN_MOTION = new Set(['liquidated', 'debt-settled', 'closed', 'withdrawal-requested', 'expired'])

/**
 * Whether an order has come to rest, from its kinds in order: `fee-paid` (settled), `refunded`,
 * `released`, or `seized` after a liquidation. A later `backed` or stray bid does not wake it again.
 */
export function isAtRest(kinds: readonly string[]): boolean {
  let resting = false
  for (const kind of kinds) {
    if (RESTING.has(kind)) resting = true
    else if (IN_MOTION.has(kind)) resting = false
  }
  return resting
}

export function describeStatus(kind: string): string {
  const meaning = STATUS_MEANING[kind]
  return meaning === undefined ? kind : `${kind} (${meaning})`
}

export function timelineHeader(): string {
  return row(COLUMNS.map(([title]) => title))
}

/** One row: time since `originMs`, event, actor, chain, and the details worth reading. */
export function timelineRow(entry: TimelineEntryJson, originMs: number): string {
  return row([
    relativeTime(entry.atMs - originMs),
    entry.kind,
    entry.actor === undefined ? '' : shortHex(entry.actor),
    entry.chainId === undefined ? '' : String(entry.chainId),
    details(entry),
  ])
}

function row(cells: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const width = COLUMNS[i]?.[1] ?? 0
      return width === 0 ? cell : cell.padEnd(width - 1).concat(' ')
    })
    .join('')
    .trimEnd()
}

/**
 * What a reader wants of each detail: prices and engine amounts in dollars (the engine's 18-decimal
 * fixed point; fronts in the 6-decimal settlement token), sizes in base units, no calldata. Keys not
 * listed are shown as they are if short; the opened order's `originData` and the like are left out.
 */
const DETAIL_FORMAT: Readonly<Record<string, (value: string | number | boolean) => string | undefined>> = {
  feeBps: (v) => `fee ${v} bps`,
  source: (v) => `via ${v}`,
  reason: (v) => String(v),
  market: (v) => String(v),
  isLong: (v) => (v === true ? 'long' : 'short'),
  size: (v) => `size ${units(v, 18)}`,
  entryPrice: (v) => `entry $${units(v, 18, 2)}`,
  exitPrice: (v) => `exit $${units(v, 18, 2)}`,
  markPrice: (v) => `mark $${units(v, 18, 2)}`,
  pnl: (v) => `pnl $${units(v, 18, 2)}`,
  debt: (v) => `debt $${units(v, 18, 2)}`,
  front: (v) => `front $${units(v, 6, 2)}`,
  frontRepaid: (v) => `repaid $${units(v, 6, 2)}`,
  slashed: (v) => `slashed ${units(v, 18)}`,
}

const HIDDEN = new Set([
  'originData',
  'trader',
  'account',
  'openDeadline',
  'fillDeadline',
  'destinationChainId',
  'destinationSettler',
  'collateralToken',
  'maxFeeBps',
  'route',
])

function details(entry: TimelineEntryJson): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(entry.detail)) {
    if (HIDDEN.has(key)) continue
    const format = DETAIL_FORMAT[key]
    const text =
      format === undefined
        ? `${key} ${String(value).length > 42 ? shortHex(String(value)) : value}`
        : format(value)
    if (text !== undefined) parts.push(text)
  }
  if (entry.txHash !== undefined) parts.push(`tx ${shortHex(entry.txHash)}`)
  return parts.join(', ')
}

/** A fixed-point integer (decimal string) as a decimal number with at most `places` places. */
function units(value: string | number | boolean, decimals: number, places = 4): string {
  let raw: bigint
  try {
    raw = BigInt(String(value))
  } catch {
    return String(value)
  }
  const negative = raw < 0n
  const abs = negative ? -raw : raw
  const scale = 10n ** BigInt(decimals)
  const whole = abs / scale
  const fraction = (abs % scale).toString().padStart(decimals, '0').slice(0, places).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole.toLocaleString('en-US')}${fraction === '' ? '' : `.${fraction}`}`
}

/** `0x7099…79C8`: enough to tell solvers and transactions apart in a table. */
function shortHex(hex: string): string {
  return hex.length <= 12 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`
}

/** `+0.4s`, `+12.0s`, `+2m05s`, `+1h03m`; negative when a block's clock ran behind this node's. */
export function relativeTime(ms: number): string {
  const sign = ms < 0 ? '-' : '+'
  const abs = Math.abs(ms)
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1)}s`
  const seconds = Math.floor(abs / 1000)
  if (seconds < 3600) return `${sign}${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
  return `${sign}${Math.floor(seconds / 3600)}h${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`
}
