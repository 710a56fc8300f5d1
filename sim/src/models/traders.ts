import type { Rng } from '../random/rng.ts'
import type { TraderModel } from '../scenarios/types.ts'

export type TraderStreams = {
  arrivals: Rng
  notional: Rng
  leverage: Rng
  side: Rng
  hold: Rng
}

/** The terms a trader signs, before solvers see them. */
export type TraderDraw = {
  arrivalMs: number
  side: 1 | -1
  notionalUsd: number
  leverage: number
  holdMs: number
}

/**
 * Traders as one arrival process. Each intent consumes exactly one draw from every stream, whatever
 * happens to it later, so all mechanisms run on a replication see the same intents.
 */
export class TraderFlow {
  private readonly model: TraderModel
  private readonly streams: TraderStreams
  private clockMs = 0
  private nextArrivalMs: number | undefined

  constructor(model: TraderModel, streams: TraderStreams) {
    this.model = model
    this.streams = streams
  }

  /** When the next intent arrives (drawing the gap once). */
  peekArrivalMs(): number {
    if (this.nextArrivalMs === undefined) {
      const { model, streams } = this
      const meanGapMs = 1000 / model.arrivalRatePerS
      const gapMs = model.arrival === 'fixed' ? meanGapMs : streams.arrivals.exponential(meanGapMs)
      this.nextArrivalMs = this.clockMs + Math.max(1, Math.round(gapMs))
    }
    return this.nextArrivalMs
  }

  next(): TraderDraw {
    const { model, streams } = this
    this.clockMs = this.peekArrivalMs()
    this.nextArrivalMs = undefined
    return {
      arrivalMs: this.clockMs,
      side: streams.side.uniform() < 0.5 ? 1 : -1,
      notionalUsd: streams.notional.lognormal(model.notionalMedianUsd, model.notionalSigma),
      leverage: 1 + streams.leverage.int(model.leverageMax),
      holdMs: Math.round(streams.hold.exponential(model.holdMeanS * 1000)),
    }
  }
}
