/** A sketch's state as plain data, to cross a worker boundary and be merged. */
export type SketchData = {
  zeros: number
  positive: Array<[number, number]>
  negative: Array<[number, number]>
}

// 0.5% relative accuracy: quantiles come back within 0.5% of a true sample value.
const ALPHA = 0.005
const GAMMA = (1 + ALPHA) / (1 - ALPHA)
const LOG_GAMMA = Math.log(GAMMA)
// Below this magnitude a value counts as zero (fees, times and dollars are far coarser).
const TINY = 1e-9

/**
 * Quantiles of millions of values in little memory (DDSketch, Masson et al. 2019): logarithmic
 * buckets with integer counts, so merging sketches from any number of workers, in any order, gives the
 * same sketch — and the same p50 and p95, to the bit.
 */
export class QuantileSketch {
  private zeros = 0
  private readonly positive = new Map<number, number>()
  private readonly negative = new Map<number, number>()

  get count(): number {
    let total = this.zeros
    for (const count of this.positive.values()) total += count
    for (const count of this.negative.values()) total += count
    return total
  }

  add(value: number): void {
    if (Math.abs(value) < TINY) {
      this.zeros++
      return
    }
    const buckets = value > 0 ? this.positive : this.negative
    const key = Math.ceil(Math.log(Math.abs(value)) / LOG_GAMMA)
    buckets.set(key, (buckets.get(key) ?? 0) + 1)
  }

  merge(data: SketchData): void {
    this.zeros += data.zeros
    for (const [key, count] of data.positive) this.positive.set(key, (this.positive.get(key) ?? 0) + count)
    for (const [key, count] of data.negative) this.negative.set(key, (this.negative.get(key) ?? 0) + count)
  }

  toData(): SketchData {
    const sorted = (map: Map<number, number>) => [...map].sort((a, b) => a[0] - b[0])
    return { zeros: this.zeros, positive: sorted(this.positive), negative: sorted(this.negative) }
  }

  /** The distribution as (representative value, count) pairs in ascending order of value. */
  histogram(): Array<[number, number]> {
    const negative = [...this.negative]
      .sort((a, b) => b[0] - a[0])
      .map(([k, c]): [number, number] => [-bucketValue(k), c])
    const positive = [...this.positive]
      .sort((a, b) => a[0] - b[0])
      .map(([k, c]): [number, number] => [bucketValue(k), c])
    return [...negative, ...(this.zeros > 0 ? [[0, this.zeros] as [number, number]] : []), ...positive]
  }

  /** The q-quantile (0…1), nearest rank; undefined when empty. */
  quantile(q: number): number | undefined {
    const total = this.count
    if (total === 0) return undefined
    let rank = Math.min(total - 1, Math.max(0, Math.ceil(q * total) - 1))
    // Ascending order: most negative (largest key of `negative`) first, then zeros, then positive.
    for (const [key, count] of [...this.negative].sort((a, b) => b[0] - a[0])) {
      if (rank < count) return -bucketValue(key)
      rank -= count
    }
    if (rank < this.zeros) return 0
    rank -= this.zeros
    for (const [key, count] of [...this.positive].sort((a, b) => a[0] - b[0])) {
      if (rank < count) return bucketValue(key)
      rank -= count
    }
    return undefined
  }
}

// The value at the middle (in relative terms) of bucket `key`: γ^key · 2/(γ + 1).
function bucketValue(key: number): number {
  return (2 * GAMMA ** key) / (GAMMA + 1)
}
