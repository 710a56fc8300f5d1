import { type IntentDocument, toIntentJson } from '@xmargin/intents'

/** The canonical JSON of a document as a file holds it: two-space indent, trailing newline. */
export function formatDocument(document: IntentDocument): string {
  return `${JSON.stringify(toIntentJson(document), null, 2)}\n`
}
