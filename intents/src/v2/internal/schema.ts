import { InvalidFieldError } from '../../errors.ts'
import { type JsonObject, join } from '../../internal/schema.ts'
import { MAX_SIGNATURE_BYTES } from '../constants.ts'

/** Readers the v2 documents add to v1's strict schema (`internal/schema.ts`). */

const SIGNED_DECIMAL = /^(0|-?[1-9][0-9]{0,77})$/
const MIN_INT256 = -(2n ** 255n)
const MAX_INT256 = 2n ** 255n - 1n

/** An int256 as a decimal string, `-` for negatives (`"-5000000000000000000"`); no `+`, no `-0`. */
export function readInt256(object: JsonObject, path: string, key: string): bigint {
  const value = object[key]
  if (typeof value !== 'string' || !SIGNED_DECIMAL.test(value)) {
    throw new InvalidFieldError(join(path, key), 'a signed integer as a decimal string', value)
  }
  const result = BigInt(value)
  if (result < MIN_INT256 || result > MAX_INT256) {
    throw new InvalidFieldError(join(path, key), 'an integer from -2^255 to 2^255-1', value)
  }
  return result
}

const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/

/**
 * A signature as hex bytes, returned lowercase. Its length is not fixed here: an EOA's must be 65
 * bytes, a contract wallet's is what its ERC-1271 check accepts, and only the verifier knows which.
 */
export function readSignature(object: JsonObject, path: string, key: string): `0x${string}` {
  const value = object[key]
  if (typeof value !== 'string' || !HEX_BYTES.test(value) || value.length > 2 + 2 * MAX_SIGNATURE_BYTES) {
    throw new InvalidFieldError(
      join(path, key),
      `0x-prefixed hex bytes (65 for a key, at most ${MAX_SIGNATURE_BYTES} for a contract wallet)`,
      value,
    )
  }
  return value.toLowerCase() as `0x${string}`
}

/** The keys a document may have: the required ones, plus optional ones only where present. */
export function keysOf(value: unknown, required: readonly string[], optional: readonly string[]): string[] {
  if (typeof value !== 'object' || value === null) return [...required]
  return [...required, ...optional.filter((key) => key in value)]
}
