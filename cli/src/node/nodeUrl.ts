import { UsageError } from '../errors.ts'

export const DEFAULT_NODE_URL = 'http://127.0.0.1:7400'

/** `--node`: an http(s) URL, without a trailing slash. */
export function parseNodeUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`--node ${value}: expected a URL such as ${DEFAULT_NODE_URL}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--node ${value}: expected an http:// or https:// URL`)
  return url.href.replace(/\/+$/, '')
}
