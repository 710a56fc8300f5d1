/** The reason a file operation failed, in words a user knows (`no such file`), not an errno. */
export function fileErrorReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  switch (code) {
    case 'ENOENT':
      return 'no such file'
    case 'EISDIR':
      return 'is a directory'
    case 'ENOTDIR':
      return 'a part of the path is not a directory'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EEXIST':
      return 'it already exists'
    case 'ENOSPC':
      return 'no space left on device'
    case 'EROFS':
      return 'read-only file system'
    default:
      return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)
  }
}
