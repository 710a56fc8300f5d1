import { concat, type Hex, keccak256 } from 'viem'

/** Hyperlane's MerkleLib: an incremental keccak tree of depth 32, as the MerkleTreeHook keeps it. */
const DEPTH = 32
const ZERO: Hex = `0x${'0'.repeat(64)}`
const ZERO_HASHES: readonly Hex[] = (() => {
  const zeroes: Hex[] = [ZERO]
  for (let i = 1; i < DEPTH; i++) {
    const below = zeroes[i - 1] as Hex
    zeroes.push(keccak256(concat([below, below])))
  }
  return zeroes
})()

export type MerkleTree = {
  readonly count: number
  /** Appends a leaf (a message id); the new leaf's index is `count - 1` afterwards. */
  insert(leaf: Hex): void
  root(): Hex
}

/**
 * An empty tree. The relayer replays the hook's insertions into it to know the root right after each
 * message, which the hook itself only answers for the latest insertion.
 */
export function createMerkleTree(): MerkleTree {
  const branch: Hex[] = Array.from({ length: DEPTH }, () => ZERO)
  let count = 0
  return {
    get count() {
      return count
    },
    insert(leaf) {
      count += 1
      let size = count
      let node = leaf
      for (let i = 0; i < DEPTH; i++) {
        if ((size & 1) === 1) {
          branch[i] = node
          return
        }
        node = keccak256(concat([branch[i] as Hex, node]))
        size = Math.floor(size / 2)
      }
    },
    root() {
      let current = ZERO
      for (let i = 0; i < DEPTH; i++) {
        const bit = Math.floor(count / 2 ** i) % 2
        current =
          bit === 1
            ? keccak256(concat([branch[i] as Hex, current]))
            : keccak256(concat([current, ZERO_HASHES[i] as Hex]))
      }
      return current
    },
  }
}
