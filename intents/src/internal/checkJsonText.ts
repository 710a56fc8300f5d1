import { DuplicateKeyError, NumberLiteralError } from '../errors.ts'

/** One open object (its keys so far, `key` the current one) or array (`index` of the current item). */
type Frame = { keys: string[]; key: string; index: number; inObject: boolean; expectKey: boolean }

const QUOTE = 0x22
const BACKSLASH = 0x5c
const MINUS = 0x2d
const ZERO = 0x30
const NINE = 0x39
const PLUS = 0x2b
const DOT = 0x2e

/**
 * Refuses what `JSON.parse` lets through but a signed document must not contain: a key named twice in
 * one object (JSON.parse keeps the last, so two readers could see two different intents) and any
 * number that is not a plain integer literal (`1.0`, `1e3`, `-0`: each reads as an integer a reviver
 * cannot tell from the plain form). `text` must already have passed `JSON.parse`, so this is a single
 * tokenising pass with no syntax checks of its own; errors name the field's path.
 */
export function checkJsonText(text: string): void {
  const stack: Frame[] = []
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      i = readString(text, i, stack[stack.length - 1], stack)
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      i = readNumber(text, i, stack)
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ keys: [], key: '', index: 0, inObject: c === 0x7b, expectKey: c === 0x7b })
      i++
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop()
      i++
    } else if (c === 0x2c /* , */) {
      const frame = stack[stack.length - 1]
      if (frame !== undefined) {
        frame.index++
        frame.expectKey = frame.inObject
      }
      i++
    } else {
      i++ // whitespace, `:`, or a letter of true/false/null
    }
  }
}

/** Skips the string starting at `start`; a key is checked against its object's earlier keys. */
function readString(text: string, start: number, frame: Frame | undefined, stack: Frame[]): number {
  // indexOf is native and strings are most of a document: jump from quote to quote, stepping over
  // those escaped by an odd run of backslashes.
  let close = text.indexOf('"', start + 1)
  while (close > 0 && isEscaped(text, close)) close = text.indexOf('"', close + 1)
  if (close < 0) return text.length // not after JSON.parse; never loop
  const end = close + 1
  if (frame === undefined || !frame.expectKey) return end
  // `"\u0061"` and `"a"` are the same key: compare decoded names.
  const raw = text.slice(start + 1, close)
  const key = raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw
  frame.expectKey = false
  frame.key = key
  if (frame.keys.includes(key)) throw new DuplicateKeyError(pathOf(stack))
  frame.keys.push(key)
  return end
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0
  while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++
  return backslashes % 2 === 1
}

/**
 * Skips the number starting at `start`. JSON.parse has already refused leading zeros, so a plain
 * integer is one with no `.`, `e` or `E`, other than `-0`.
 */
function readNumber(text: string, start: number, stack: Frame[]): number {
  let i = start
  let plain = true
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= ZERO && c <= NINE) continue
    if (c === MINUS || c === PLUS) continue
    if (c === DOT || c === 0x65 /* e */ || c === 0x45 /* E */) plain = false
    else break
  }
  if (
    plain &&
    !(i - start === 2 && text.charCodeAt(start) === MINUS && text.charCodeAt(start + 1) === ZERO)
  ) {
    return i
  }
  throw new NumberLiteralError(pathOf(stack) || '(document)', text.slice(start, i))
}

function pathOf(stack: Frame[]): string {
  let path = ''
  for (const frame of stack) {
    if (frame.inObject) path = path ? `${path}.${frame.key}` : frame.key
    else path = `${path}[${frame.index}]`
  }
  return path
}
