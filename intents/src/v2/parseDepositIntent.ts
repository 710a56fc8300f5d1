import { parseJson } from '../internal/parseJson.ts'
import { MAX_DEPOSIT_JSON_BYTES } from './constants.ts'
import {
  type DecodeDepositIntentErrorType,
  type DecodeDepositIntentReturnType,
  decodeDepositIntent,
} from './decodeDepositIntent.ts'

export type ParseDepositIntentReturnType = DecodeDepositIntentReturnType
export type ParseDepositIntentErrorType = DecodeDepositIntentErrorType

/**
 * Parses a deposit intent document from JSON text or UTF-8 bytes: size limit
 * ({@link MAX_DEPOSIT_JSON_BYTES}), JSON syntax, no key twice in an object, no number but plain
 * integer literals, then {@link decodeDepositIntent}.
 */
export function parseDepositIntent(text: string | Uint8Array): ParseDepositIntentReturnType {
  return decodeDepositIntent(parseJson(text, MAX_DEPOSIT_JSON_BYTES))
}
