/**
 * Anvil's options for how much chain history it keeps. By default it keeps 500 states in memory and
 * writes every older one to ~/.foundry/anvil/tmp, never deleting them: a devnet mining a block a second
 * wrote 2–5 GB an hour there, and a day of benchmarks filled a 250 GB disk. Nothing here reads state
 * older than a few blocks (a revert is replayed on the block before), so 128 states in memory and none
 * on disk.
 */
export const ANVIL_HISTORY_ARGS: readonly string[] = ['--prune-history', '128']
