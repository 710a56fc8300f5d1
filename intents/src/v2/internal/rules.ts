import { isAddress, zeroAddress } from 'viem'
import { BPS, MAX_CHAIN_ID } from '../../constants.ts'
import { FeeScheduleError, InvalidFieldError } from '../../errors.ts'
import type { FeeSchedule } from '../types.ts'

/**
 * Field rules shared by the v2 validators. Each throws an {@link InvalidFieldError} naming the field;
 * they check runtime types too, because values reach them from JavaScript callers as well as the codecs.
 */

const MAX_UINT256 = 2n ** 256n - 1n
const MIN_INT256 = -(2n ** 255n)
const MAX_INT256 = 2n ** 255n - 1n
export const MAX_UINT32 = 2 ** 32 - 1

/** A valid address other than zero (mixed case must carry its EIP-55 checksum). */
export function requireAddress(field: string, value: string): void {
  if (typeof value !== 'string' || !isAddress(value)) {
    throw new InvalidFieldError(field, 'a 20-byte hex address (EIP-55 checksum if mixed case)', value)
  }
  if (value.toLowerCase() === zeroAddress) throw new InvalidFieldError(field, 'a non-zero address', value)
}

export function requireUint256(field: string, value: bigint, min: bigint): void {
  if (typeof value !== 'bigint' || value < min || value > MAX_UINT256) {
    throw new InvalidFieldError(field, `an integer from ${min} to 2^256-1`, value)
  }
}

export function requireInt256(field: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < MIN_INT256 || value > MAX_INT256) {
    throw new InvalidFieldError(field, 'an integer from -2^255 to 2^255-1', value)
  }
}

export function requireChainId(field: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 1n || value > MAX_CHAIN_ID) {
    throw new InvalidFieldError(field, `a chain id from 1 to ${MAX_CHAIN_ID}`, value)
  }
}

/** A small integer (uint16, uint32) within `min…max`. */
export function requireInteger(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidFieldError(field, `an integer from ${min} to ${max}`, value)
  }
}

export function requirePattern(field: string, value: string, pattern: RegExp, expected: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidFieldError(field, expected, value)
}

/** v1's schedule rules: a rising fee within 100%, ending no later than the fill deadline. */
export function requireFeeSchedule(path: string, fee: FeeSchedule, fillDeadline: number): void {
  requireInteger(`${path}.startBps`, fee.startBps, 0, BPS)
  requireInteger(`${path}.maxBps`, fee.maxBps, 0, BPS)
  requireInteger(`${path}.startTime`, fee.startTime, 0, MAX_UINT32)
  requireInteger(`${path}.endTime`, fee.endTime, 0, MAX_UINT32)
  if (fee.startBps > fee.maxBps) {
    throw new FeeScheduleError(`${path}.startBps`, `start fee ${fee.startBps} exceeds max fee ${fee.maxBps}`)
  }
  if (fee.startTime > fee.endTime) {
    throw new FeeScheduleError(
      `${path}.startTime`,
      `starts (${fee.startTime}) after it ends (${fee.endTime})`,
    )
  }
  if (fee.startTime === fee.endTime && fee.startBps !== fee.maxBps) {
    throw new FeeScheduleError(`${path}.endTime`, 'a rising fee needs endTime after startTime')
  }
  // A maximum reached only after the fill deadline would be a fee nobody can ever charge.
  if (fee.endTime > fillDeadline) {
    throw new FeeScheduleError(
      `${path}.endTime`,
      `ends (${fee.endTime}) after order.fillDeadline (${fillDeadline})`,
    )
  }
}
