import { type Address, getAddress, isAddress } from 'viem'
import { InvalidFieldError, MissingFieldError, UnknownFieldError } from '../errors.ts'

/**
 * A strict JSON reader: every field is required, unknown fields are errors, every error names the
 * field's path. Hand-written because the schema is small and fixed and this runs on every gossiped
 * message.
 */
export type JsonObject = Record<string, unknown>

export function readObject(value: unknown, path: string, keys: readonly string[]): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidFieldError(path || '(document)', 'an object', value)
  }
  const object = value as JsonObject
  for (const key of Object.keys(object)) {
    if (!keys.includes(key)) throw new UnknownFieldError(join(path, key))
  }
  for (const key of keys) {
    if (object[key] === undefined) throw new MissingFieldError(join(path, key))
  }
  return object
}

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

/** A `0x` address in any case; mixed case must carry a valid EIP-55 checksum. Returned checksummed. */
export function readAddress(object: JsonObject, path: string, key: string): Address {
  const value = object[key]
  if (typeof value !== 'string' || !isAddress(value)) {
    throw new InvalidFieldError(
      join(path, key),
      'a 20-byte hex address (EIP-55 checksum if mixed case)',
      value,
    )
  }
  return getAddress(value)
}

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/

/** A uint256 as a decimal string (JSON numbers lose precision past 2^53). */
export function readUint256(object: JsonObject, path: string, key: string): bigint {
  const value = object[key]
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new InvalidFieldError(join(path, key), 'an unsigned integer as a decimal string', value)
  }
  const result = BigInt(value)
  if (result >= 2n ** 256n) throw new InvalidFieldError(join(path, key), 'an integer below 2^256', value)
  return result
}

/** A small unsigned integer (uint8…uint32) as a JSON number. */
export function readUint(object: JsonObject, path: string, key: string, bits: 16 | 32): number {
  const value = object[key]
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= 2 ** bits) {
    throw new InvalidFieldError(join(path, key), `an integer from 0 to ${2 ** bits - 1}`, value)
  }
  return value
}

export function readBoolean(object: JsonObject, path: string, key: string): boolean {
  const value = object[key]
  if (typeof value !== 'boolean') throw new InvalidFieldError(join(path, key), 'true or false', value)
  return value
}

export function readString(object: JsonObject, path: string, key: string, maxLength: number): string {
  const value = object[key]
  if (typeof value !== 'string' || value.length > maxLength) {
    throw new InvalidFieldError(join(path, key), `a string of at most ${maxLength} characters`, value)
  }
  return value
}

const HEX = /^0x[0-9a-fA-F]*$/

export function readHex(object: JsonObject, path: string, key: string, bytes: number): `0x${string}` {
  const value = object[key]
  if (typeof value !== 'string' || value.length !== 2 + 2 * bytes || !HEX.test(value)) {
    throw new InvalidFieldError(join(path, key), `${bytes} bytes of 0x-prefixed hex`, value)
  }
  return value.toLowerCase() as `0x${string}`
}
