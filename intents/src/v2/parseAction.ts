import { parseJson } from '../internal/parseJson.ts'
import { MAX_ACTION_JSON_BYTES } from './constants.ts'
import { type DecodeActionErrorType, type DecodeActionReturnType, decodeAction } from './decodeAction.ts'

export type ParseActionReturnType = DecodeActionReturnType
export type ParseActionErrorType = DecodeActionErrorType

/**
 * Parses an action document from JSON text or UTF-8 bytes: size limit ({@link MAX_ACTION_JSON_BYTES}),
 * JSON syntax, no key twice in an object, no number but plain integer literals, then {@link decodeAction}.
 */
export function parseAction(text: string | Uint8Array): ParseActionReturnType {
  return decodeAction(parseJson(text, MAX_ACTION_JSON_BYTES))
}
