import type { FeeSchedule } from './types.ts'

export type FeeAtReturnType = number

/**
 * The highest fee (basis points) a solver may charge at `timestamp` (unix seconds): `startBps` until
 * `startTime`, then rising linearly, rounded down, to `maxBps` at `endTime`. Integer arithmetic,
 * exactly as `MarginEngine` computes it at the fill's block timestamp.
 */
export function feeAt(schedule: FeeSchedule, timestamp: number): FeeAtReturnType {
  const { startBps, maxBps, startTime, endTime } = schedule
  if (timestamp <= startTime) return startBps
  if (timestamp >= endTime) return maxBps
  // Every operand is below 2^32 × 2^16, so the product stays an exact integer in a double.
  return startBps + Math.floor(((maxBps - startBps) * (timestamp - startTime)) / (endTime - startTime))
}
