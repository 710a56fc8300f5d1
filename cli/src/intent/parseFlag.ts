import { type Address, getAddress, isAddress, parseUnits } from 'viem'
import { UsageError } from '../errors.ts'

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/
const INTEGER = /^(0|[1-9][0-9]*)$/

/**
 * A non-negative decimal in units of `decimals` (`2.5` with 18 decimals → 2.5e18). More fractional
 * digits than `decimals` are refused rather than rounded: this is money.
 */
export function parseDecimalFlag(flag: string, value: string, decimals: number): bigint {
  const match = DECIMAL.exec(value)
  if (match === null)
    throw new UsageError(`--${flag}: expected a decimal number like 2.5, got ${quote(value)}`)
  const fraction = match[2] ?? ''
  if (fraction.length - 1 > decimals) {
    throw new UsageError(`--${flag}: at most ${decimals} decimal places, got ${quote(value)}`)
  }
  return parseUnits(value, decimals)
}

/** A non-negative integer as a bigint (a uint256 such as a nonce or a chain id). */
export function parseBigIntFlag(flag: string, value: string): bigint {
  if (!INTEGER.test(value)) throw new UsageError(`--${flag}: expected a whole number, got ${quote(value)}`)
  return BigInt(value)
}

/** A non-negative integer no larger than `max`, as a number (seconds, basis points, decimals). */
export function parseIntegerFlag(flag: string, value: string, max: number): number {
  if (!INTEGER.test(value) || Number(value) > max) {
    throw new UsageError(`--${flag}: expected a whole number from 0 to ${max}, got ${quote(value)}`)
  }
  return Number(value)
}

/** An address in any case; mixed case must carry a valid EIP-55 checksum. Returned checksummed. */
export function parseAddressFlag(flag: string, value: string): Address {
  if (!isAddress(value)) {
    throw new UsageError(
      `--${flag}: expected a 20-byte 0x address (EIP-55 checksum if mixed case), got ${quote(value)}`,
    )
  }
  return getAddress(value)
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)
}
