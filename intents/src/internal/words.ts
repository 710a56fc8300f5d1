/**
 * Writers for 32-byte ABI words straight into a byte buffer. The fast hashing path uses them instead of
 * viem's generic encoder: the layouts are fixed, so no type walking, no hex strings, no allocations.
 */

const HEX_VALUES = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) HEX_VALUES[48 + i] = i
for (let i = 0; i < 6; i++) {
  HEX_VALUES[65 + i] = 10 + i
  HEX_VALUES[97 + i] = 10 + i
}

/** Writes `value` (0 ≤ value < 2^256) as a big-endian word at `offset`. */
export function putUint256(view: DataView, offset: number, value: bigint): void {
  view.setBigUint64(offset + 24, BigInt.asUintN(64, value))
  view.setBigUint64(offset + 16, BigInt.asUintN(64, value >> 64n))
  view.setBigUint64(offset + 8, BigInt.asUintN(64, value >> 128n))
  view.setBigUint64(offset, BigInt.asUintN(64, value >> 192n))
}

/** Writes a small unsigned integer (uint8…uint32) or a bool as a word. */
export function putUint32(buffer: Uint8Array, view: DataView, offset: number, value: number): void {
  buffer.fill(0, offset, offset + 28)
  view.setUint32(offset + 28, value)
}

/** Writes a `0x`-prefixed 20-byte address as a left-padded word. */
export function putAddress(buffer: Uint8Array, offset: number, address: string): void {
  buffer.fill(0, offset, offset + 12)
  putHex(buffer, offset + 12, address, 20)
}

/** Decodes `length` bytes of `0x`-prefixed hex into `buffer` at `offset`. */
export function putHex(buffer: Uint8Array, offset: number, hex: string, length: number): void {
  for (let i = 0; i < length; i++) {
    const hi = HEX_VALUES[hex.charCodeAt(2 + 2 * i)] ?? -1
    const lo = HEX_VALUES[hex.charCodeAt(3 + 2 * i)] ?? -1
    if (hi < 0 || lo < 0) throw new TypeError(`invalid hex at byte ${i}`)
    buffer[offset + i] = (hi << 4) | lo
  }
}

const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

export function bytesToHex32(bytes: Uint8Array): `0x${string}` {
  let out = '0x'
  for (const byte of bytes) out += BYTE_HEX[byte]
  return out as `0x${string}`
}
