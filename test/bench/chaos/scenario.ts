import { type FeeSchedule, timeAtFee } from '@xmargin/intents'

/** One chaos scenario: runs on its own devnet and network, returns its printed table. */
export type Scenario = (progress: (line: string) => void) => Promise<string[]>

export const BLOCK_SECONDS = 1
/** startTestNetwork's auction settings. */
export const BID_WINDOW_MS = 300
/** The winner's quote, and the schedule every scenario's intents use: it reaches 12 bps after 2 s. */
export const WINNING_BID_BPS = 12
export const RUNNER_UP_BID_BPS = 17
export const FEE = { startBps: 10, maxBps: 50, rampSeconds: 40 }

/** The schedule of an intent signed with `FEE` at chain time `now`. */
export function scheduleAt(now: number): FeeSchedule {
  return { startBps: FEE.startBps, maxBps: FEE.maxBps, startTime: now, endTime: now + FEE.rampSeconds }
}

/** Milliseconds from `submittedAt` (wall clock) until the schedule reaches the winner's bid. */
export function bidWaitMs(schedule: FeeSchedule, submittedAt: number): number {
  return Math.max(0, (timeAtFee(schedule, WINNING_BID_BPS) ?? 0) * 1000 - submittedAt)
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, Math.max(0, ms)))
