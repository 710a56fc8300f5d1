import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Summary } from '../run/runSimulation.ts'

export type ResultRow = Record<string, string | number>

export type RunOutputs = {
  summary: Summary
  rows: ResultRow[]
  distributions: { time_to_fill_ms: Record<string, Array<[number, number]>> }
}

/** Reads what a run wrote to `dir`: the report depends on the files, never on the engine. */
export async function readResults(dir: string): Promise<RunOutputs> {
  const [summary, csv, distributions] = await Promise.all([
    readFile(join(dir, 'summary.json'), 'utf8'),
    readFile(join(dir, 'results.csv'), 'utf8'),
    readFile(join(dir, 'distributions.json'), 'utf8'),
  ])
  return { summary: JSON.parse(summary), rows: parseCsv(csv), distributions: JSON.parse(distributions) }
}

// results.csv holds numbers and plain names only (no quoted commas), so a split is a full parser here.
function parseCsv(text: string): ResultRow[] {
  const [header, ...lines] = text.trimEnd().split('\n')
  const columns = (header ?? '').split(',')
  return lines.map((line) => {
    const cells = line.split(',')
    return Object.fromEntries(
      columns.map((column, i) => {
        const cell = cells[i] ?? ''
        const number = Number(cell)
        return [column, cell !== '' && Number.isFinite(number) ? number : cell]
      }),
    )
  })
}
