import type { TaskResult } from '../engine/taskResult.ts'
import { ci95HalfWidth } from '../metrics/confidence.ts'
import { METRIC_KIND, METRIC_NAMES, type MetricName } from '../metrics/names.ts'
import { Running } from '../metrics/running.ts'
import { QuantileSketch } from '../metrics/sketch.ts'

export type MetricSummary = {
  mean: number | null
  ci95: number | null
  p50: number | null
  p95: number | null
}

export type MechanismSummary = { metrics: Record<MetricName, MetricSummary> }

type MetricPool = { rows: number[]; within: Array<{ n: number; sd: number }>; sketch: QuantileSketch }

/**
 * Folds task results, fed in canonical order, into per-mechanism statistics over all grid points and
 * replications. The mean and its 95% interval are over replications (intents in one replication share
 * solvers' capital and one price path, so they are not independent); with a single replication the
 * interval falls back to the within-replication standard error. Quantiles of per-intent metrics are over
 * intents, pooled; of per-replication metrics, over replications.
 */
export class Summarizer {
  private readonly pools = new Map<string, Map<MetricName, MetricPool>>()

  add(result: TaskResult): void {
    let pools = this.pools.get(result.mechanism)
    if (pools === undefined) {
      pools = new Map(
        METRIC_NAMES.map((name) => [name, { rows: [], within: [], sketch: new QuantileSketch() }]),
      )
      this.pools.set(result.mechanism, pools)
    }
    for (const name of METRIC_NAMES) {
      const pool = pools.get(name) as MetricPool
      const metric = result.metrics[name]
      if (!Number.isNaN(metric.value)) pool.rows.push(metric.value)
      pool.within.push({ n: metric.n, sd: metric.sd })
      const sketch = result.sketches[name]
      if (sketch !== undefined) pool.sketch.merge(sketch)
    }
  }

  /** Each mechanism's pooled distribution of a per-intent metric, as (value, count) pairs. */
  distribution(name: MetricName): Record<string, Array<[number, number]>> {
    const out: Record<string, Array<[number, number]>> = {}
    for (const [mechanism, pools] of this.pools)
      out[mechanism] = (pools.get(name) as MetricPool).sketch.histogram()
    return out
  }

  summary(): Record<string, MechanismSummary> {
    const out: Record<string, MechanismSummary> = {}
    for (const [mechanism, pools] of this.pools) {
      const metrics = {} as Record<MetricName, MetricSummary>
      for (const name of METRIC_NAMES) metrics[name] = summarizeMetric(name, pools.get(name) as MetricPool)
      out[mechanism] = { metrics }
    }
    return out
  }
}

function summarizeMetric(name: MetricName, pool: MetricPool): MetricSummary {
  const running = new Running()
  for (const value of pool.rows) running.add(value)
  const perIntent = METRIC_KIND[name] === 'intent'
  const [only] = pool.within
  let ci95: number | null = null
  if (running.count >= 2) ci95 = ci95HalfWidth(Math.sqrt(running.variance), running.count)
  else if (perIntent && only !== undefined && only.n >= 2) ci95 = ci95HalfWidth(only.sd, only.n)
  const quantile = (q: number) => (perIntent ? pool.sketch.quantile(q) : nearestRank(pool.rows, q))
  return {
    mean: running.count === 0 ? null : running.mean,
    ci95,
    p50: quantile(0.5) ?? null,
    p95: quantile(0.95) ?? null,
  }
}

function nearestRank(values: readonly number[], q: number): number | undefined {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]
}
