/** The value at quantile `p` (nearest rank) of unsorted values; NaN when there are none. */
export function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
}

/** Whole milliseconds, `–` for no value. */
export function ms(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '–' : `${Math.round(value)}`
}

/** p50, p90, p99 and max of the values, as milliseconds. */
export function spread(values: readonly number[]): string[] {
  return [quantile(values, 0.5), quantile(values, 0.9), quantile(values, 0.99), quantile(values, 1)].map(ms)
}

/** Columns padded to their widest cell: the first left-aligned, the rest right-aligned; indented. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows]
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)))
  return all.map(
    (row) =>
      `  ${row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart((widths[column] ?? 0) + 2),
        )
        .join('')}`,
  )
}

export function goal(description: string, met: boolean): string {
  return `  goal: ${description}: ${met ? 'met' : 'NOT MET'}`
}
