import { toActionJson } from './toActionJson.ts'
import type { ActionDocument } from './types.ts'

export type StringifyActionReturnType = string

/** Canonical compact JSON text of an action document ({@link toActionJson}); round-trips with `parseAction`. */
export function stringifyAction(document: ActionDocument): StringifyActionReturnType {
  return JSON.stringify(toActionJson(document))
}
