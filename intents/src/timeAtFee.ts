import type { FeeSchedule } from './types.ts'

export type TimeAtFeeReturnType = number | undefined

/**
 * The first unix second at which {@link feeAt} reaches `feeBps`, or `undefined` if the schedule never
 * does. A solver with a binding bid fills at this moment.
 */
export function timeAtFee(schedule: FeeSchedule, feeBps: number): TimeAtFeeReturnType {
  const { startBps, maxBps, startTime, endTime } = schedule
  if (feeBps <= startBps) return 0
  if (feeBps > maxBps) return undefined
  // Smallest t with startBps + floor((max - start)(t - startTime) / span) ≥ feeBps.
  const span = endTime - startTime
  const rise = maxBps - startBps
  return startTime + Math.ceil(((feeBps - startBps) * span) / rise)
}
