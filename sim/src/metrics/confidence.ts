// Student's t 97.5% quantiles for 1…30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
]

/** Half-width of a 95% confidence interval for a mean of `count` values with standard deviation `sd`. */
export function ci95HalfWidth(sd: number, count: number): number {
  const df = count - 1
  // Beyond 30 degrees of freedom, the series 1.96 + 2.4/df is within 0.3% of the t quantile.
  const t = df <= 30 ? (T975[df - 1] as number) : 1.96 + 2.4 / df
  return (t * sd) / Math.sqrt(count)
}
