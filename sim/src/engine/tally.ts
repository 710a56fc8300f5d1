import type { MetricName } from '../metrics/names.ts'
import { Running } from '../metrics/running.ts'
import { QuantileSketch } from '../metrics/sketch.ts'
import type { MetricValue, TaskResult } from './taskResult.ts'

type IntentMetric =
  | 'fill_rate'
  | 'time_to_fill_ms'
  | 'fee_paid'
  | 'price_improvement'
  | 'trader_surplus'
  | 'solver_profit'

const INTENT_METRICS: readonly IntentMetric[] = [
  'fill_rate',
  'time_to_fill_ms',
  'fee_paid',
  'price_improvement',
  'trader_surplus',
  'solver_profit',
]

export type Fill = {
  solver: number
  timeToFillMs: number
  feeBps: number
  priceImprovementBps: number
  traderSurplusUsd: number
  solverProfitUsd: number
}

/** What one replication adds up as it runs; nothing per intent is kept. */
export class Tally {
  private readonly running = new Map<IntentMetric, Running>()
  private readonly sketches = new Map<IntentMetric, QuantileSketch>()
  private readonly wins: number[]
  private liquidations = 0
  private badDebtUsd = 0

  constructor(solvers: number) {
    this.wins = new Array<number>(solvers).fill(0)
    for (const metric of INTENT_METRICS) {
      this.running.set(metric, new Running())
      this.sketches.set(metric, new QuantileSketch())
    }
  }

  filled(fill: Fill): void {
    this.wins[fill.solver] = (this.wins[fill.solver] as number) + 1
    this.observe('fill_rate', 1)
    this.observe('time_to_fill_ms', fill.timeToFillMs)
    this.observe('fee_paid', fill.feeBps)
    this.observe('price_improvement', fill.priceImprovementBps)
    this.observe('trader_surplus', fill.traderSurplusUsd)
    this.observe('solver_profit', fill.solverProfitUsd)
  }

  unfilled(): void {
    this.observe('fill_rate', 0)
    this.observe('trader_surplus', 0)
  }

  position(liquidated: boolean, badDebtUsd: number): void {
    if (liquidated) this.liquidations++
    this.badDebtUsd += badDebtUsd
  }

  result(): Pick<TaskResult, 'metrics' | 'sketches'> {
    const metrics = {} as Record<MetricName, MetricValue>
    const sketches: TaskResult['sketches'] = {}
    for (const metric of INTENT_METRICS) {
      const running = this.running.get(metric) as Running
      metrics[metric] = {
        value: running.count === 0 ? Number.NaN : running.mean,
        n: running.count,
        sd: Math.sqrt(running.variance),
      }
      sketches[metric] = (this.sketches.get(metric) as QuantileSketch).toData()
    }
    const fills = this.wins.reduce((sum, wins) => sum + wins, 0)
    const shares = this.wins.map((wins) => wins / fills).sort((a, b) => b - a)
    const single = (value: number): MetricValue => ({ value, n: 1, sd: 0 })
    metrics.winner_hhi = single(
      fills === 0 ? Number.NaN : shares.reduce((sum, share) => sum + share * share, 0),
    )
    metrics.winner_top3_share = single(
      fills === 0 ? Number.NaN : shares.slice(0, 3).reduce((a, b) => a + b, 0),
    )
    metrics.liquidations = single(this.liquidations)
    metrics.bad_debt = single(this.badDebtUsd)
    return { metrics, sketches }
  }

  private observe(metric: IntentMetric, value: number): void {
    ;(this.running.get(metric) as Running).add(value)
    ;(this.sketches.get(metric) as QuantileSketch).add(value)
  }
}
