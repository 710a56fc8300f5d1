const encoder = new TextEncoder()
// stringifyIntent writes `order` first, its `originSettler` (a checksummed address) first within it,
// and the signature (lowercase hex) last: every canonical signed intent opens and closes with these.
const OPENING = encoder.encode('{"order":{"originSettler":"0x')
const CLOSING = encoder.encode('"}')

/**
 * Whether the bytes open and close as every canonical signed intent does. Only a necessary condition
 * (the full check re-encodes after parsing), but it refuses, without parsing anything, the cheap
 * re-encodings a flooder varies: whitespace before or after, pretty-printing, reordered keys, a BOM.
 */
export function hasCanonicalIntentFrame(data: Uint8Array): boolean {
  if (data.length < OPENING.length + CLOSING.length) return false
  for (let i = 0; i < OPENING.length; i++) if (data[i] !== OPENING[i]) return false
  const tail = data.length - CLOSING.length
  for (let i = 0; i < CLOSING.length; i++) if (data[tail + i] !== CLOSING[i]) return false
  return true
}
