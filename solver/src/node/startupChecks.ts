import { accessSync, constants, mkdirSync } from 'node:fs'
import { ConfigError } from '../errors.ts'

/**
 * Creates the data directory (SQLite database, libp2p key) and checks it is writable, so a bad
 * `dataDir` is one line naming it, not a SQLite or libp2p stack trace halfway through start-up.
 */
export function openDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true })
    accessSync(dir, constants.W_OK)
  } catch (error) {
    throw new ConfigError('dataDir', `${dir}: ${fileReason(error)}`)
  }
}

/**
 * A port this node could not listen on, as a ConfigError naming the setting: the usual cause is a
 * second node (or an old one still running) on the same port. Other errors pass unchanged.
 */
export function listenError(error: unknown, field: string, address: string): unknown {
  const code = codeOf(error)
  if (code === 'EADDRINUSE')
    return new ConfigError(field, `${address} is already in use (is another node running on it?)`)
  if (code === 'EADDRNOTAVAIL') return new ConfigError(field, `${address} is not an address of this machine`)
  if (code === 'EACCES')
    return new ConfigError(field, `${address}: permission denied (ports below 1024 need root)`)
  return error
}

/** The errno code of an error or of any error in its cause chain (libp2p wraps the socket's). */
function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code
    if (typeof code === 'string' && code.startsWith('E')) return code
    const match = /\b(EADDRINUSE|EADDRNOTAVAIL|EACCES)\b/.exec(e.message)
    if (match?.[1] !== undefined) return match[1]
  }
  return undefined
}

function fileReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file, not a directory, is in the way'
  if (code === 'EROFS') return 'on a read-only file system'
  return error instanceof Error ? error.message : String(error)
}
