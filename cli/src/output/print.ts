// The only place the CLI writes to the terminal: stdout carries results, stderr errors and prompts.

/** Prints lines of text to stdout. */
export function printLines(...lines: string[]): void {
  for (const line of lines) console.log(line)
}

/** Prints text to stdout exactly as given (a document that already ends in a newline). */
export function printText(text: string): void {
  process.stdout.write(text)
}

/** Prints a JSON value on one line, for machines (`--json`). */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value))
}

/** Prints `key: value` lines with the values aligned, for people. */
export function printFields(fields: ReadonlyArray<readonly [string, string]>, indent = ''): void {
  for (const line of formatFields(fields, indent)) console.log(line)
}

export function formatFields(fields: ReadonlyArray<readonly [string, string]>, indent = ''): string[] {
  const width = Math.max(0, ...fields.map(([key]) => key.length + 1))
  return fields.map(([key, value]) => `${indent}${`${key}:`.padEnd(width)} ${value}`)
}

/** Prints the one line a failure gets, on stderr. */
export function printError(line: string): void {
  console.error(line)
}

/** Writes a prompt on stderr, so that stdout stays clean for the result. */
export function printPrompt(text: string): void {
  process.stderr.write(text)
}
