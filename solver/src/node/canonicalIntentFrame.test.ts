import { expect, test } from 'vitest'
import { sampleSignedIntent } from '../api/testing/sampleSignedIntent.ts'
import { hasCanonicalIntentFrame } from './canonicalIntentFrame.ts'

const { text } = await sampleSignedIntent()
const bytes = (value: string) => new TextEncoder().encode(value)
const value = JSON.parse(text) as Record<string, unknown>

test('the canonical encoding of a signed intent has the frame', () => {
  expect(hasCanonicalIntentFrame(bytes(text))).toBe(true)
})

test.each([
  ['a leading space', ` ${text}`],
  ['a trailing newline', `${text}\n`],
  ['a byte-order mark', `\uFEFF${text}`],
  ['pretty-printing', JSON.stringify(value, null, 2)],
  ['the signature first', JSON.stringify({ signature: value.signature, order: value.order })],
  ['no signature', JSON.stringify({ order: value.order })],
  ['nothing', ''],
])('%s is refused without parsing', (_case, copy) => {
  expect(hasCanonicalIntentFrame(bytes(copy))).toBe(false)
})
