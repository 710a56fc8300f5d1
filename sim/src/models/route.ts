import type { Rng } from '../random/rng.ts'
import type { RouteModel } from '../scenarios/types.ts'

/**
 * A messaging route between the two chains: lognormal latency, and outages that start as a Poisson
 * process. A message sent during an outage leaves when it ends. Outage windows are generated lazily, in
 * time order, from their own stream, so asking about a far-future message does not disturb anything.
 */
export class Route {
  private readonly model: RouteModel
  private readonly latencyRng: Rng
  private readonly outageRng: Rng
  private readonly outageStarts: number[] = []
  private readonly outageEnds: number[] = []
  private generatedUntil = 0

  constructor(model: RouteModel, latencyRng: Rng, outageRng: Rng) {
    this.model = model
    this.latencyRng = latencyRng
    this.outageRng = outageRng
  }

  /** When a message sent at `sentMs` is delivered on the other chain. */
  deliveryTime(sentMs: number): number {
    const latency = Math.round(this.latencyRng.lognormal(this.model.latencyMedianMs, this.model.latencySigma))
    return this.departure(sentMs) + latency
  }

  /** The message's 99th-percentile latency outside outages: what a latency-aware margin budgets for. */
  p99LatencyMs(): number {
    return this.model.latencyMedianMs * Math.exp(2.326 * this.model.latencySigma)
  }

  private departure(sentMs: number): number {
    this.generateUntil(sentMs)
    // Outages are few; a linear scan from the end finds the one that could contain sentMs.
    for (let i = this.outageStarts.length - 1; i >= 0; i--) {
      const start = this.outageStarts[i] as number
      if (start > sentMs) continue
      const end = this.outageEnds[i] as number
      return Math.max(end, sentMs)
    }
    return sentMs
  }

  private generateUntil(timeMs: number): void {
    const { outagesPerDay, outageMeanS } = this.model
    if (outagesPerDay <= 0 || outageMeanS <= 0) return
    while (this.generatedUntil <= timeMs) {
      const start = this.generatedUntil + Math.round(this.outageRng.exponential(86_400_000 / outagesPerDay))
      const end = start + Math.round(this.outageRng.exponential(outageMeanS * 1000))
      this.outageStarts.push(start)
      this.outageEnds.push(end)
      this.generatedUntil = end
    }
  }
}
