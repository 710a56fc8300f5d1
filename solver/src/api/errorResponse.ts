import { IntentError } from '@xmargin/intents'
import type { Response } from 'express'
import { SolverError } from '../errors.ts'
import { ERROR_STATUS } from './errorStatus.ts'
import type { ErrorResponse } from './wire.ts'

export type ToErrorResponseReturnType = {
  status: number
  body: ErrorResponse
  /** Not the client's fault nor a known failure: log the cause in full, tell the client nothing. */
  unexpected: boolean
}

/**
 * Turns anything thrown into the JSON a client gets. Known errors keep their code, short message and
 * field; the HTTP layer's own 4xx errors (body reader, URL decoding) get a code of their own; anything
 * else becomes `INTERNAL` with a fixed message, so no stack or internal detail leaks.
 */
export function toErrorResponse(error: unknown): ToErrorResponseReturnType {
  if (error instanceof SolverError || error instanceof IntentError) {
    const body: ErrorResponse = { code: error.code, message: error.message }
    if (error.field !== undefined) body.field = error.field
    return { status: ERROR_STATUS[error.code], body, unexpected: false }
  }
  const httpError = bodyReaderError(error) ?? urlError(error)
  if (httpError !== undefined)
    return { status: ERROR_STATUS[httpError.code], body: httpError, unexpected: false }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' }, unexpected: true }
}

export function sendError(res: Response, error: unknown): ToErrorResponseReturnType {
  const response = toErrorResponse(error)
  res.locals.errorCode = response.body.code
  // The request log writes the cause of a 5xx, stack included; the client never sees it.
  if (response.status >= 500) res.locals.error = error
  if (!res.headersSent) res.status(response.status).json(response.body)
  return response
}

// body-parser's errors carry a `type` and a 4xx status; they are the client's doing.
function bodyReaderError(error: unknown): ErrorResponse | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error) || typeof error.type !== 'string')
    return undefined
  const status = 'status' in error && typeof error.status === 'number' ? error.status : 500
  if (error.type === 'entity.too.large') {
    const limit = 'limit' in error && typeof error.limit === 'number' ? error.limit : undefined
    const over = limit === undefined ? '' : ` (the limit is ${limit} bytes)`
    return { code: 'TOO_LARGE', message: `request body is too large${over}` }
  }
  if (error.type === 'encoding.unsupported') {
    const encoding = 'encoding' in error ? quoted(error.encoding) : ''
    return {
      code: 'UNSUPPORTED_ENCODING',
      message: `Content-Encoding${encoding} is not accepted: send the body uncompressed`,
    }
  }
  if (error.type === 'charset.unsupported') {
    const charset = 'charset' in error ? quoted(error.charset) : ''
    return { code: 'UNSUPPORTED_ENCODING', message: `charset${charset} is not supported: send UTF-8` }
  }
  if (status < 400 || status >= 500) return undefined
  const reason = error instanceof Error ? error.message : error.type
  return { code: 'MALFORMED_JSON', message: `could not read the request body: ${reason}` }
}

// The router throws a URIError with status 400 for a path segment that is not valid %-encoding.
function urlError(error: unknown): ErrorResponse | undefined {
  if (!(error instanceof URIError)) return undefined
  return { code: 'MALFORMED_URL', message: 'the URL has a malformed %-escape' }
}

const MAX_ECHOED_CHARS = 40

// A header value echoed back in a message: short, whatever the client sent.
function quoted(value: unknown): string {
  if (typeof value !== 'string') return ''
  return ` "${value.length <= MAX_ECHOED_CHARS ? value : `${value.slice(0, MAX_ECHOED_CHARS)}…`}"`
}
