import type { RequestHandler } from 'express'
import type { Logger } from '../infra/createLogger.ts'

/**
 * Logs each request when it ends (for a stream: when it closes). A 4xx is the client's business and
 * logs at debug (a client hammering bad requests must not flood the operator's log); a 5xx logs at
 * error with its cause, stack included (`res.locals.error`, set by `sendError`).
 */
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
      const error: unknown = res.locals.error
      if (res.statusCode >= 500)
        logger.error(error === undefined ? fields : { ...fields, err: error }, 'request failed')
      else if (res.statusCode >= 400) logger.debug(fields, 'request refused')
      else logger.debug(fields, 'request')
    })
    next()
  }
}
