import { keccak_256 } from '@noble/hashes/sha3'

/** keccak256 of a byte slice. viem itself hashes with the same audited noble implementation. */
export function keccak(bytes: Uint8Array): Uint8Array {
  return keccak_256(bytes)
}

const encoder = new TextEncoder()
const stringHashes = new Map<string, Uint8Array>()

/**
 * keccak256 of a UTF-8 string, memoised: markets and routes are a handful of short strings repeated
 * in every intent. The cache is bounded so that hostile input cannot grow it without limit.
 */
export function keccakString(value: string): Uint8Array {
  const cached = stringHashes.get(value)
  if (cached) return cached
  const hash = keccak_256(encoder.encode(value))
  if (stringHashes.size >= 1024) stringHashes.clear()
  stringHashes.set(value, hash)
  return hash
}
