import type { TaskResult } from '../engine/taskResult.ts'
import { METRIC_NAMES } from '../metrics/names.ts'
import { QuantileSketch } from '../metrics/sketch.ts'
import type { Scenario } from '../scenarios/types.ts'
import type { GridPoint } from './plan.ts'
import type { GridAxis } from './runConfig.ts'

// Design columns every row carries, whether or not the grid varies them: what the report plots against.
const DESIGN: ReadonlyArray<readonly [string, string, (scenario: Scenario) => number | string]> = [
  ['solvers', 'solvers', (s) => s.solvers],
  ['route_latency_ms', 'route.latencyMedianMs', (s) => s.route.latencyMedianMs],
  ['margin_rule', 'risk.marginRule', (s) => s.risk.marginRule],
  ['margin_buffer_bps', 'risk.fixedBufferBps', (s) => s.risk.fixedBufferBps],
]

/** The header of results.csv for a grid: design columns, the other axes by path, then the metrics. */
export function csvHeader(grid: readonly GridAxis[]): string {
  const designPaths = new Set(DESIGN.map(([, path]) => path))
  return [
    'grid_point',
    ...DESIGN.map(([column]) => column),
    ...grid.filter((axis) => !designPaths.has(axis.path)).map((axis) => axis.path),
    'replication',
    'mechanism',
    'intents',
    'events',
    ...METRIC_NAMES,
    'time_to_fill_ms_p50',
    'time_to_fill_ms_p95',
  ].join(',')
}

/** One tidy row: a grid point × replication × mechanism. */
export function csvRow(grid: readonly GridAxis[], point: GridPoint, result: TaskResult): string {
  const designPaths = new Set(DESIGN.map(([, path]) => path))
  const timeToFill = new QuantileSketch()
  const sketch = result.sketches.time_to_fill_ms
  if (sketch !== undefined) timeToFill.merge(sketch)
  return [
    point.index,
    ...DESIGN.map(([, , read]) => read(point.scenario)),
    ...grid.flatMap((axis, i) => (designPaths.has(axis.path) ? [] : [point.values[i] as number | string])),
    result.replication,
    result.mechanism,
    result.intents,
    result.events,
    ...METRIC_NAMES.map((name) => result.metrics[name].value),
    timeToFill.quantile(0.5) ?? Number.NaN,
    timeToFill.quantile(0.95) ?? Number.NaN,
  ]
    .map(formatCell)
    .join(',')
}

/** Numbers to 12 significant digits (no float noise in the file), NaN as an empty cell. */
function formatCell(value: number | string): string {
  if (typeof value === 'string') return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
  if (Number.isNaN(value)) return ''
  return String(Number(value.toPrecision(12)))
}
