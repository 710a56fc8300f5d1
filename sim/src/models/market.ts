import type { Rng } from '../random/rng.ts'
import type { MarketModel } from '../scenarios/types.ts'

const MS_PER_YEAR = 365.25 * 86_400_000
// Prices are summarised per block of ticks so that a position's breach scan skips quiet stretches.
const BLOCK = 64

/**
 * Geometric Brownian motion with Merton jumps on a fixed tick grid, generated lazily and always in
 * tick order from one stream, so every mechanism run on the same replication sees the same path.
 */
export class MarketPath {
  private readonly model: MarketModel
  private readonly rng: Rng
  private prices = new Float64Array(1024)
  private blockMin = new Float64Array(16)
  private blockMax = new Float64Array(16)
  private length = 0
  private readonly drift: number
  private readonly diffusion: number
  private readonly jumpChance: number
  readonly lagTicks: number

  constructor(model: MarketModel, rng: Rng) {
    this.model = model
    this.rng = rng
    const dt = model.tickMs / MS_PER_YEAR
    this.drift = (model.driftAnnual - (model.sigmaAnnual * model.sigmaAnnual) / 2) * dt
    this.diffusion = model.sigmaAnnual * Math.sqrt(dt)
    this.jumpChance = Math.exp((-model.jumpsPerDay * model.tickMs) / 86_400_000)
    this.lagTicks = Math.ceil(model.oracleLagMs / model.tickMs)
  }

  /** The market price in force at `timeMs` (the last tick at or before it). */
  priceAt(timeMs: number): number {
    return this.tick(Math.floor(timeMs / this.model.tickMs))
  }

  /** What a keeper or the engine reads from the oracle at `timeMs`: the price `oracleLagMs` ago. */
  oracleAt(timeMs: number): number {
    return this.tick(Math.max(0, Math.floor(timeMs / this.model.tickMs) - this.lagTicks))
  }

  /**
   * The first time in [fromMs, toMs] at which a keeper, reading the oracle once per tick, sees the
   * price at or beyond `threshold` (below it for `direction` -1, above it for +1); undefined if never.
   */
  firstBreach(fromMs: number, toMs: number, threshold: number, direction: 1 | -1): number | undefined {
    const tickMs = this.model.tickMs
    const firstCheck = Math.ceil(fromMs / tickMs)
    const lastCheck = Math.floor(toMs / tickMs)
    const first = Math.max(0, firstCheck - this.lagTicks)
    const last = lastCheck - this.lagTicks
    if (last < first) return undefined
    this.tick(last)
    const breached = (price: number) => (direction < 0 ? price <= threshold : price >= threshold)
    let index = first
    while (index <= last) {
      if (index % BLOCK === 0 && index + BLOCK - 1 <= last) {
        const block = index / BLOCK
        const extreme = direction < 0 ? (this.blockMin[block] as number) : (this.blockMax[block] as number)
        if (!breached(extreme)) {
          index += BLOCK
          continue
        }
      }
      if (breached(this.prices[index] as number)) return Math.max(fromMs, (index + this.lagTicks) * tickMs)
      index++
    }
    return undefined
  }

  private tick(index: number): number {
    while (this.length <= index) this.extend()
    return this.prices[index] as number
  }

  private extend(): void {
    const { model, rng } = this
    if (this.length === this.prices.length) this.grow()
    let price = model.price0
    if (this.length > 0) {
      let logReturn = this.drift + this.diffusion * rng.normal()
      // Poisson number of jumps by inversion: exact, and one uniform draw when (as usual) there is none.
      let product = rng.uniform()
      while (product > this.jumpChance) {
        logReturn += model.jumpMean + model.jumpSigma * rng.normal()
        product *= rng.uniform()
      }
      price = (this.prices[this.length - 1] as number) * Math.exp(logReturn)
    }
    this.prices[this.length] = price
    const block = Math.floor(this.length / BLOCK)
    const startsBlock = this.length % BLOCK === 0
    this.blockMin[block] = startsBlock ? price : Math.min(this.blockMin[block] as number, price)
    this.blockMax[block] = startsBlock ? price : Math.max(this.blockMax[block] as number, price)
    this.length++
  }

  private grow(): void {
    const prices = new Float64Array(this.prices.length * 2)
    prices.set(this.prices)
    this.prices = prices
    const blocks = Math.ceil(prices.length / BLOCK) + 1
    const blockMin = new Float64Array(blocks)
    blockMin.set(this.blockMin)
    this.blockMin = blockMin
    const blockMax = new Float64Array(blocks)
    blockMax.set(this.blockMax)
    this.blockMax = blockMax
  }
}
