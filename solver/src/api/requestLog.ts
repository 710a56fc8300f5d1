import type { RequestHandler } from 'express'
import type { Logger } from '../infra/createLogger.ts'

/** Logs each request when it ends (for a stream: when it closes): debug, or warn for an error status. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now()
    const { method, path } = req
    res.on('close', () => {
      const fields = {
        method,
        path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        ...(typeof res.locals.errorCode === 'string' ? { code: res.locals.errorCode } : {}),
      }
      if (res.statusCode >= 400) logger.warn(fields, 'request failed')
      else logger.debug(fields, 'request')
    })
    next()
  }
}
