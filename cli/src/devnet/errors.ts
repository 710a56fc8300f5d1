import { CliError } from '../errors.ts'

/**
 * The devnet cannot do what was asked, for a reason the user can fix (it already runs, a port is taken,
 * the saved state does not match). Exit code 2, like every user-fixable failure.
 */
export class DevnetError extends CliError {
  override name = 'DevnetError'
  constructor(message: string, cause?: unknown) {
    super('INPUT', message, { cause })
  }
}
