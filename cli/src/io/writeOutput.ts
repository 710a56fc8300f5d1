import { randomBytes } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { OutputError } from '../errors.ts'
import { fileErrorReason } from './fileErrorReason.ts'

/**
 * Replaces `file` with `text` atomically (write beside it, then rename), so that an interrupted
 * `--in-place` never leaves a half-written intent behind.
 */
export async function writeOutput(file: string, text: string): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, text)
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true })
    throw new OutputError(file, fileErrorReason(error), error)
  }
}

/** Creates `file`, readable by its owner only; never overwrites (a keystore may be the only copy of a key). */
export async function writeNewSecretFile(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text, { flag: 'wx', mode: 0o600 })
  } catch (error) {
    const reason = fileErrorReason(error)
    throw new OutputError(
      file,
      reason === 'it already exists' ? `${reason}; refusing to overwrite` : reason,
      error,
    )
  }
}
