/** A chain whose blocks come every `blockMs`, block 0 at time 0. */
export type Chain = { blockMs: number }

/** The first block produced at or after `timeMs`: when a transaction sent then is included. */
export function blockAtOrAfter(chain: Chain, timeMs: number): number {
  return Math.ceil(timeMs / chain.blockMs)
}

/** The block's timestamp in ms. */
export function blockTime(chain: Chain, block: number): number {
  return block * chain.blockMs
}
