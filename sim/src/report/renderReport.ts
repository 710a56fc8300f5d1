import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { METRIC_DESCRIPTIONS, METRIC_NAMES } from '../metrics/names.ts'
import { badDebt, feeVsSolvers, timeToFill } from './charts.ts'
import { type RunOutputs, readResults } from './readResults.ts'
import { renderSvg } from './renderSvg.ts'

export type RenderReportReturnType = { file: string }

/**
 * Reads a run's outputs in `dir` and writes `dir/report.html`: one self-contained page (inline SVG, no
 * script, no network) with the plots a researcher looks at first and the summary table.
 */
export async function renderReport(dir: string): Promise<RenderReportReturnType> {
  const outputs = await readResults(dir)
  const charts = await Promise.all([
    renderSvg(feeVsSolvers(outputs.rows)),
    renderSvg(timeToFill(outputs.distributions)),
    renderSvg(badDebt(outputs.rows)),
  ])
  const file = join(dir, 'report.html')
  await writeFile(file, page(outputs, charts))
  return { file }
}

function page({ summary }: RunOutputs, charts: readonly string[]): string {
  const { config } = summary
  const axes = config.grid.map((axis) => `${axis.path} ∈ {${axis.values.join(', ')}}`).join('; ') || 'none'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>xmargin sim — ${escapeHtml(config.scenario.name)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}figure{margin:1.5em 0}code{background:#f3f3f3;padding:0 3px}
</style></head><body>
<h1>xmargin auction and risk simulation</h1>
<p>Scenario <code>${escapeHtml(config.scenario.name)}</code> — ${escapeHtml(config.scenario.description)}.<br>
Seed <code>${summary.seed}</code>, commit <code>${escapeHtml(summary.commit)}</code>, ${config.replications}
replication(s) × ${config.mechanisms.length} mechanism(s) × grid ${escapeHtml(axes)}; ${config.scenario.intents} intents and
${config.scenario.solvers} solvers per replication unless the grid says otherwise.</p>
${charts.map((svg) => `<figure>${svg}</figure>`).join('\n')}
<h2>Summary (mean ± 95% CI; p50, p95)</h2>
${table(summary)}
<h2>Metrics</h2><dl>${METRIC_NAMES.map((name) => `<dt><code>${name}</code></dt><dd>${escapeHtml(METRIC_DESCRIPTIONS[name])}</dd>`).join('')}</dl>
</body></html>
`
}

function table(summary: RunOutputs['summary']): string {
  const head = `<tr><th>mechanism</th>${METRIC_NAMES.map((name) => `<th>${name}</th>`).join('')}</tr>`
  const rows = Object.entries(summary.mechanisms).map(([mechanism, { metrics }]) => {
    const cells = METRIC_NAMES.map((name) => {
      const { mean, ci95, p50, p95 } = metrics[name]
      return `<td>${fmt(mean)}${ci95 === null ? '' : ` ± ${fmt(ci95)}`}<br><small>${fmt(p50)}; ${fmt(p95)}</small></td>`
    })
    return `<tr><td>${escapeHtml(mechanism)}</td>${cells.join('')}</tr>`
  })
  return `<table>${head}${rows.join('')}</table>`
}

function fmt(value: number | null): string {
  if (value === null) return '—'
  return Math.abs(value) >= 1000 ? value.toFixed(0) : Number(value.toPrecision(3)).toString()
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
  )
}
