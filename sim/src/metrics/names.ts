/** The metrics of every run, in column order: the names results.csv and summary.json use. */
export const METRIC_NAMES = [
  'fill_rate',
  'time_to_fill_ms',
  'fee_paid',
  'price_improvement',
  'trader_surplus',
  'solver_profit',
  'winner_hhi',
  'winner_top3_share',
  'liquidations',
  'bad_debt',
] as const

export type MetricName = (typeof METRIC_NAMES)[number]

/**
 * `intent` metrics have one observation per intent (or per fill), so their quantiles describe
 * intents; `replication` metrics have one value per replication (a concentration, a count, a total).
 */
export const METRIC_KIND: Readonly<Record<MetricName, 'intent' | 'replication'>> = {
  fill_rate: 'intent',
  time_to_fill_ms: 'intent',
  fee_paid: 'intent',
  price_improvement: 'intent',
  trader_surplus: 'intent',
  solver_profit: 'intent',
  winner_hhi: 'replication',
  winner_top3_share: 'replication',
  liquidations: 'replication',
  bad_debt: 'replication',
}

/** What each metric measures, with its unit (for `xmargin sim list`, the README and the report). */
export const METRIC_DESCRIPTIONS: Readonly<Record<MetricName, string>> = {
  fill_rate: 'share of intents filled before their deadline',
  time_to_fill_ms: 'arrival to fill landing, ms (filled intents)',
  fee_paid: 'solver fee, bps of collateral (filled intents)',
  price_improvement: "entry vs the oracle price the trader signed against, bps, + is the trader's gain",
  trader_surplus: 'USD per intent: fee saved below the signed maximum plus price improvement (0 if unfilled)',
  solver_profit: "USD per fill: fee minus the winner's cost",
  winner_hhi: 'Herfindahl index of fills across solvers (1/n even … 1 monopoly)',
  winner_top3_share: 'share of fills won by the three busiest solvers',
  liquidations: 'positions liquidated per replication',
  bad_debt: 'USD of losses beyond seized collateral per replication',
}
