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
 * field; anything else becomes `INTERNAL` with a fixed message, so no stack or internal detail leaks.
 */
export function toErrorResponse(error: unknown): ToErrorResponseReturnType {
  if (error instanceof SolverError || error instanceof IntentError) {
    const body: ErrorResponse = { code: error.code, message: error.message }
    if (error.field !== undefined) body.field = error.field
    return { status: ERROR_STATUS[error.code], body, unexpected: false }
  }
  const bodyError = bodyParserError(error)
  if (bodyError !== undefined)
    return { status: ERROR_STATUS[bodyError.code], body: bodyError, unexpected: false }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' }, unexpected: true }
}

export function sendError(res: Response, error: unknown): ToErrorResponseReturnType {
  const response = toErrorResponse(error)
  res.locals.errorCode = response.body.code
  if (!res.headersSent) res.status(response.status).json(response.body)
  return response
}

// body-parser's errors carry a `type` and a 4xx status; they are the client's doing.
function bodyParserError(error: unknown): ErrorResponse | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error) || typeof error.type !== 'string')
    return undefined
  const status = 'status' in error && typeof error.status === 'number' ? error.status : 500
  if (error.type === 'entity.too.large') {
    const limit = 'limit' in error && typeof error.limit === 'number' ? error.limit : undefined
    const over = limit === undefined ? '' : ` (the limit is ${limit} bytes)`
    return { code: 'TOO_LARGE', message: `request body is too large${over}` }
  }
  if (status < 400 || status >= 500) return undefined
  const reason = error instanceof Error ? error.message : error.type
  return { code: 'MALFORMED_JSON', message: `could not read the request body: ${reason}` }
}
