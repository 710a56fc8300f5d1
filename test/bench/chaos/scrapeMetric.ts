/**
 * The sum of a Prometheus metric's samples on a node's `/metrics`, over the series whose labels include
 * every `labels` pair (all series when none).
 */
export async function scrapeMetric(
  node: string,
  metric: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  const text = await fetch(new URL('/metrics', node)).then((r) => r.text())
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`)
  let total = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue
    if (!wanted.every((pair) => line.includes(pair))) continue
    total += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return total
}

/** scrapeMetric summed over several nodes. */
export async function scrapeMetricSum(
  nodes: readonly string[],
  metric: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  const values = await Promise.all(nodes.map((node) => scrapeMetric(node, metric, labels)))
  return values.reduce((a, b) => a + b, 0)
}
