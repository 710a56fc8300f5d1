import { type IntentDocument, stringifyIntent } from '@xmargin/intents'
import { formatDocument } from '../intent/formatDocument.ts'
import { printText } from '../output/print.ts'
import { writeOutput } from './writeOutput.ts'

export type EmitDocumentOptions = {
  /** File to write; stdout when absent. */
  out?: string | undefined
  /** Compact one-line JSON on stdout, for machines. Files are always written indented. */
  json: boolean
}

/** Writes an intent document to a file or to stdout, always as canonical JSON. */
export async function emitDocument(document: IntentDocument, options: EmitDocumentOptions): Promise<void> {
  if (options.out !== undefined) return writeOutput(options.out, formatDocument(document))
  printText(options.json ? `${stringifyIntent(document)}\n` : formatDocument(document))
}
