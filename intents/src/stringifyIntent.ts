import type { IntentDocument } from './decodeIntent.ts'
import { toIntentJson } from './toIntentJson.ts'

export type StringifyIntentReturnType = string

/** Canonical compact JSON text of an intent document (see {@link toIntentJson}); round-trips with `parseIntent`. */
export function stringifyIntent(document: IntentDocument): StringifyIntentReturnType {
  return JSON.stringify(toIntentJson(document))
}
