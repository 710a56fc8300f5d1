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
  return pino({ name, level, base: null }, destination ?? pino.destination(2))
}
