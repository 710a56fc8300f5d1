import { MalformedJsonError, TooLargeError } from '../errors.ts'

const encoder = new TextEncoder()

/** JSON.parse behind a byte limit, so an oversized or broken document fails with a typed error. */
export function parseJson(text: string | Uint8Array, maxBytes: number): unknown {
  const bytes = typeof text === 'string' ? encoder.encode(text).length : text.length
  if (bytes > maxBytes) throw new TooLargeError(bytes, maxBytes)
  try {
    return JSON.parse(
      typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: true }).decode(text),
    )
  } catch (cause) {
    throw new MalformedJsonError(cause)
  }
}
