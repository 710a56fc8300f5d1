const WHITESPACE = [' ', '\t', '\n', '\r'] as const

/**
 * `count` distinct encodings of the same intent, none of them canonical: the canonical text with keys
 * reversed at every level or pretty-printed (2 spaces, tabs) or as is, with a run of JSON whitespace
 * (i + 1 written in base 4 over space, tab, newline, return) before or after it. Each decodes to the
 * very intent the canonical text does.
 */
export function reencodeIntent(canonical: string, count: number): string[] {
  const value: unknown = JSON.parse(canonical)
  const forms = [
    canonical,
    JSON.stringify(reversed(value)),
    JSON.stringify(value, null, 2),
    JSON.stringify(value, null, '\t'),
  ]
  return Array.from({ length: count }, (_, i) => {
    const form = forms[i % forms.length] ?? canonical
    const padding = whitespaceOf(i + 1)
    return Math.floor(i / forms.length) % 2 === 0 ? `${padding}${form}` : `${form}${padding}`
  })
}

function whitespaceOf(n: number): string {
  let text = ''
  for (; n > 0; n = Math.floor(n / WHITESPACE.length)) text += WHITESPACE[n % WHITESPACE.length]
  return text
}

function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, inner]) => [key, reversed(inner)]),
  )
}
