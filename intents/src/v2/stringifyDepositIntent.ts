import { toDepositIntentJson } from './toDepositIntentJson.ts'
import type { DepositIntentDocument } from './types.ts'

export type StringifyDepositIntentReturnType = string

/** Canonical compact JSON text of a deposit intent document ({@link toDepositIntentJson}); round-trips with `parseDepositIntent`. */
export function stringifyDepositIntent(document: DepositIntentDocument): StringifyDepositIntentReturnType {
  return JSON.stringify(toDepositIntentJson(document))
}
