import type { TopLevelSpec } from 'vega-lite'
import type { ResultRow, RunOutputs } from './readResults.ts'

const WIDTH = 520
const HEIGHT = 260

/** Mean fee paid against the number of solvers, one line per mechanism, with 95% intervals. */
export function feeVsSolvers(rows: readonly ResultRow[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Fee paid vs number of solvers (mean ± 95% CI over replications)',
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows.filter((row) => row.fee_paid !== '') as object[] },
    encoding: {
      x: { field: 'solvers', type: 'quantitative', title: 'solvers', scale: { zero: false } },
      color: { field: 'mechanism', type: 'nominal' },
    },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          y: { aggregate: 'mean', field: 'fee_paid', type: 'quantitative', title: 'fee paid (bps)' },
        },
      },
      { mark: 'errorbar', encoding: { y: { field: 'fee_paid', type: 'quantitative' } } },
    ],
  } as TopLevelSpec
}

/** Pooled time-to-fill distribution of each mechanism, on a log scale (fills span ms to minutes). */
export function timeToFill(distributions: RunOutputs['distributions']): TopLevelSpec {
  const values = Object.entries(distributions.time_to_fill_ms).flatMap(([mechanism, pairs]) => {
    const total = pairs.reduce((sum, [, count]) => sum + count, 0)
    let cumulative = 0
    return pairs
      .filter(([value]) => value > 0)
      .map(([value, count]) => {
        cumulative += count
        return { mechanism, seconds: value / 1000, share: cumulative / total }
      })
  })
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Time to fill: share of fills landed within t (cumulative)',
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'time to fill (s, log)' },
      y: { field: 'share', type: 'quantitative', title: 'share of fills', scale: { domain: [0, 1] } },
      color: { field: 'mechanism', type: 'nominal' },
    },
  } as TopLevelSpec
}

/** Mean bad debt per replication against route latency, one line per margin rule and buffer. */
export function badDebt(rows: readonly ResultRow[]): TopLevelSpec {
  const values = rows.map((row) => ({
    ...row,
    rule: row.margin_rule === 'fixed' ? `fixed +${row.margin_buffer_bps} bps` : String(row.margin_rule),
    latency_s: Number(row.route_latency_ms) / 1000,
  }))
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Bad debt vs route latency, by maintenance-margin rule (mean over replications and mechanisms)',
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'latency_s',
        type: 'quantitative',
        scale: { type: 'log' },
        title: 'route median latency (s, log)',
      },
      y: {
        aggregate: 'mean',
        field: 'bad_debt',
        type: 'quantitative',
        title: 'bad debt per replication (USD)',
      },
      color: { field: 'rule', type: 'nominal', title: 'margin rule' },
    },
  } as TopLevelSpec
}
