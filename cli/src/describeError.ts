import { IntentError } from '@xmargin/intents'
import { SolverError } from '@xmargin/solver'
import { CliError } from './errors.ts'

export type DescribeErrorReturnType = {
  /** The single line shown on stderr. */
  line: string
  /** 2 for anything the user can fix (usage, input, an invalid intent), 1 for a bug of ours. */
  exitCode: 1 | 2
}

/**
 * Turns any failure into one line and an exit code. Never a stack trace: an `IntentError` shows its
 * code (the rule that failed), a `CliError` its message, anything else is reported as internal.
 */
export function describeError(error: unknown): DescribeErrorReturnType {
  if (error instanceof IntentError)
    return { line: `xmargin: ${error.code}: ${oneLine(error.message)}`, exitCode: 2 }
  if (error instanceof SolverError && error.code !== 'INTERNAL') {
    return { line: `xmargin: ${error.code}: ${oneLine(error.message)}`, exitCode: 2 }
  }
  if (error instanceof CliError && error.code !== 'INTERNAL') {
    return { line: `xmargin: ${oneLine(error.message)}`, exitCode: 2 }
  }
  // viem's errors carry the whole request in `message`; their `shortMessage` is the sentence that matters.
  const short = (error as { shortMessage?: unknown } | undefined)?.shortMessage
  const message = typeof short === 'string' ? short : error instanceof Error ? error.message : String(error)
  return { line: `xmargin: internal error: ${oneLine(message)}`, exitCode: 1 }
}

// Library messages (yargs, viem) span several lines; the user gets them folded into one.
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error'
}
