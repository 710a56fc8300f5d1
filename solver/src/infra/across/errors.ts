import { SolverError } from '../../errors.ts'

/**
 * The Across fee curve could not be evaluated (the SDK's process failed, timed out or answered
 * nonsense). Logged by the node, which then prices the rebalance conservatively; never shown to a user.
 */
export class AcrossFeeCurveError extends SolverError {
  override name = 'AcrossFeeCurveError'
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('INTERNAL', message, options)
  }
}
