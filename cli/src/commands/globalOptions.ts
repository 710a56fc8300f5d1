/** Options every command takes. */
export type GlobalOptions = {
  /** Machine-readable output: one JSON value on stdout. */
  json: boolean
}
