/**
 * A lone `-` on the command line means stdin (stdout for `--out`). yargs cannot pass `-` through as a
 * value (its parser takes it for a flag and yields `''`), so `createCli` swaps it for this stand-in,
 * which no real path equals: a NUL byte cannot occur in a command-line argument.
 */
export const DASH = '\u0000-'

/** Whether a file argument means stdin / stdout. */
export function isDash(file: string): boolean {
  return file === '-' || file === DASH
}

/** The file `--out` names, or `undefined` for stdout (`--out -` or no `--out`). */
export function outputFile(out: string | undefined): string | undefined {
  return out === undefined || isDash(out) ? undefined : out
}
