import type { FeeSchedule } from '@xmargin/intents/schedule'

/** An intent while it is in flight: drawn on arrival, dropped once filled or expired. */
export type IntentState = {
  id: number
  arrivalMs: number
  deadlineMs: number
  side: 1 | -1
  notionalUsd: number
  collateralUsd: number
  leverage: number
  /** The oracle price the trader saw when signing, and the worst entry price it accepts. */
  referencePrice: number
  limitPrice: number
  schedule: FeeSchedule
  holdMs: number
  /** Per solver: cost (bps of collateral), when it sees the intent, and its tie-break rank. */
  costBps: Float64Array
  readyMs: Float64Array
  tieBreak: Float64Array
}
