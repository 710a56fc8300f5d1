import { type FileHandle, open } from 'node:fs/promises'
import { InputError } from '../errors.ts'
import { isDash } from './dash.ts'
import { fileErrorReason } from './fileErrorReason.ts'

/** The name a user knows an input by: `-` is stdin. */
export function inputName(file: string): string {
  return isDash(file) ? 'stdin' : file
}

/**
 * Reads a file, or stdin for `-`. Stops after `maxBytes + 1` bytes so that a huge file or an endless
 * pipe is refused without being read into memory.
 */
export async function readInput(file: string, maxBytes: number): Promise<Uint8Array> {
  const bytes = isDash(file) ? await readStdin(maxBytes + 1) : await readFile(file, maxBytes + 1)
  if (bytes.length > maxBytes) throw new InputError(inputName(file), `larger than ${maxBytes} bytes`)
  return bytes
}

async function readFile(file: string, limit: number): Promise<Uint8Array> {
  let handle: FileHandle | undefined
  try {
    handle = await open(file, 'r')
    if ((await handle.stat()).isDirectory()) throw new InputError(file, 'is a directory')
    const buffer = new Uint8Array(limit)
    let length = 0
    while (length < limit) {
      const { bytesRead } = await handle.read(buffer, length, limit - length)
      if (bytesRead === 0) break
      length += bytesRead
    }
    return buffer.subarray(0, length)
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(file, fileErrorReason(error), error)
  } finally {
    await handle?.close()
  }
}

async function readStdin(limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of process.stdin) {
    const bytes = chunk as Buffer
    chunks.push(bytes)
    length += bytes.length
    if (length >= limit) break
  }
  return Buffer.concat(chunks).subarray(0, limit)
}
