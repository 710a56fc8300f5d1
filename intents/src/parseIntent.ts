import { MAX_INTENT_JSON_BYTES } from './constants.ts'
import { type DecodeIntentErrorType, decodeIntent, type IntentDocument } from './decodeIntent.ts'
import { parseJson } from './internal/parseJson.ts'

export type ParseIntentReturnType = IntentDocument
export type ParseIntentErrorType = DecodeIntentErrorType

/**
 * Parses an intent document from JSON text or UTF-8 bytes (a file, an HTTP body, a gossip message):
 * size limit ({@link MAX_INTENT_JSON_BYTES}), JSON syntax, then {@link decodeIntent}.
 */
export function parseIntent(text: string | Uint8Array): ParseIntentReturnType {
  return decodeIntent(parseJson(text, MAX_INTENT_JSON_BYTES))
}
