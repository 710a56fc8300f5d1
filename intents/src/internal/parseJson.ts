import { MalformedJsonError, TooLargeError } from '../errors.ts'
import { checkJsonText } from './checkJsonText.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * JSON.parse behind a byte limit, so an oversized or broken document fails with a typed error, then
 * {@link checkJsonText}: no key twice in an object, no number but plain integer literals.
 */
export function parseJson(text: string | Uint8Array, maxBytes: number): unknown {
  // A UTF-16 unit is at most 3 UTF-8 bytes: a short text is within the limit without encoding it.
  const surelyWithin = typeof text === 'string' && text.length * 3 <= maxBytes
  if (!surelyWithin) {
    const bytes = typeof text === 'string' ? encoder.encode(text).length : text.length
    if (bytes > maxBytes) throw new TooLargeError(bytes, maxBytes)
  }
  let source: string
  let value: unknown
  try {
    source = typeof text === 'string' ? text : decoder.decode(text)
    value = JSON.parse(source)
  } catch (cause) {
    throw new MalformedJsonError(cause)
  }
  checkJsonText(source)
  return value
}
