import { type Logger, type LoggerOptions, pino } from 'pino'

export type { Logger }

export type CreateLoggerParameters = {
  /** Namespace of the component, e.g. `p2p`, `pipeline`; children add their own. */
  name: string
  level?: LoggerOptions['level']
  /** Where JSON lines go; stderr unless given (stdout stays free for a CLI's results). */
  destination?: NodeJS.WritableStream
}

/** Structured, namespaced JSON logs (pino). Secrets never go in: log addresses, not keys. */
export function createLogger({ name, level = 'info', destination }: CreateLoggerParameters): Logger {
  return pino(
    // The node's name on every line: several nodes often write to one log (the demo, a shared host).
    { level, base: { name }, serializers: { err: serializeError } },
    destination ?? pino.destination(2),
  )
}

type SerializedError = {
  type: string
  message: string
  code?: string
  reason?: string
  cause?: string
  /** `type: message` and the call frames, at most {@link MAX_FRAMES}: where it was thrown. */
  stack?: string
}

const MAX_MESSAGE = 300
const MAX_FRAMES = 12

/**
 * Errors as one short line each, with their stack. viem's errors carry the whole request, ABI and
 * calldata in their message (tens of kilobytes) and so at the top of their `stack`: an operator needs
 * the first line, the code, the decoded reason and the frames, so the stack keeps only the frames.
 */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error).slice(0, MAX_MESSAGE) }
  const record = error as Error & { code?: unknown; details?: { reason?: unknown }; shortMessage?: unknown }
  const message = typeof record.shortMessage === 'string' ? record.shortMessage : error.message
  const serialized: SerializedError = {
    type: error.name,
    message: (message.split('\n')[0] ?? '').slice(0, MAX_MESSAGE),
  }
  if (typeof record.code === 'string') serialized.code = record.code
  if (typeof record.details?.reason === 'string') serialized.reason = record.details.reason
  if (error.cause instanceof Error) serialized.cause = serializeError(error.cause).message
  const frames = framesOf(error.stack)
  if (frames.length > 0)
    serialized.stack = [`${serialized.type}: ${serialized.message}`, ...frames].join('\n')
  return serialized
}

function framesOf(stack: string | undefined): string[] {
  if (stack === undefined) return []
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_FRAMES)
}
