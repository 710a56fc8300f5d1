/** Count, mean and variance in one pass (Welford), stable for millions of observations. */
export class Running {
  count = 0
  mean = 0
  private m2 = 0

  add(value: number): void {
    this.count++
    const delta = value - this.mean
    this.mean += delta / this.count
    this.m2 += delta * (value - this.mean)
  }

  /** Sample variance; 0 below two observations. */
  get variance(): number {
    return this.count < 2 ? 0 : this.m2 / (this.count - 1)
  }
}
