import type { MechanismName } from '../mechanisms/types.ts'
import type { MetricName } from '../metrics/names.ts'
import type { SketchData } from '../metrics/sketch.ts'

/** One metric of one replication: its value, and for per-intent metrics the spread behind it. */
export type MetricValue = {
  /** The mean over intents (or fills) for per-intent metrics; the replication's figure otherwise. */
  value: number
  /** Observations behind `value` (intents, fills, or 1). */
  n: number
  /** Standard deviation across those observations (0 for replication metrics). */
  sd: number
}

/** Everything one (grid point, replication, mechanism) produced: plain data, so it can cross threads. */
export type TaskResult = {
  gridPoint: number
  replication: number
  mechanism: MechanismName
  intents: number
  /** Events the engine processed. */
  events: number
  metrics: Record<MetricName, MetricValue>
  /** Per-intent distributions, for pooled quantiles. */
  sketches: Partial<Record<MetricName, SketchData>>
}
