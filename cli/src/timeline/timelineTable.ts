import type { TimelineEntryJson } from '../node/wire.ts'
import { relativeTime, shortHex, units } from './formatValues.ts'

// Fixed widths, so that rows printed one by one under --follow line up with the header.
const COLUMNS = [
  ['TIME', 9],
  ['EVENT', 21],
  ['ACTOR', 13],
  ['CHAIN', 10],
  ['DETAIL', 0],
] as const

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
