import {
  type IntentDocument,
  MAX_INTENT_JSON_BYTES,
  parseIntent,
  type SignedMarginIntent,
} from '@xmargin/intents'
import { NoSignatureError } from '../errors.ts'
import { inputName, readInput } from './readInput.ts'

/** Reads and strictly parses an intent document, signed or not; `-` reads stdin. */
export async function readDocument(file: string): Promise<IntentDocument> {
  return parseIntent(await readInput(file, MAX_INTENT_JSON_BYTES))
}

/** Reads an intent document that must carry a signature. */
export async function readSignedDocument(file: string): Promise<SignedMarginIntent> {
  const { order, signature } = await readDocument(file)
  if (signature === undefined) throw new NoSignatureError(inputName(file))
  return { order, signature }
}
