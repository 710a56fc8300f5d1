import { type Address, encodePacked, type Hex, hashMessage, keccak256, pad } from 'viem'

/** What a validator attests: message `messageId` sits at `index` of the origin tree whose root is `root`. */
export type Checkpoint = {
  /** The origin chain's Hyperlane domain (its chain id on the devnet). */
  origin: number
  merkleTreeHook: Address
  root: Hex
  index: number
  messageId: Hex
}

/**
 * Hyperlane's `CheckpointLib.digest`: the EIP-191 hash of
 * `keccak256(domainHash ‖ root ‖ index ‖ messageId)`, with
 * `domainHash = keccak256(origin ‖ merkleTreeHook as bytes32 ‖ "HYPERLANE")`.
 */
export function checkpointDigest(checkpoint: Checkpoint): Hex {
  return hashMessage({ raw: checkpointPayload(checkpoint) })
}

/** The 32 bytes a validator signs as an EIP-191 message (the digest before the prefix). */
export function checkpointPayload({ origin, merkleTreeHook, root, index, messageId }: Checkpoint): Hex {
  const domainHash = keccak256(
    encodePacked(['uint32', 'bytes32', 'string'], [origin, pad(merkleTreeHook), 'HYPERLANE']),
  )
  return keccak256(
    encodePacked(['bytes32', 'bytes32', 'uint32', 'bytes32'], [domainHash, root, index, messageId]),
  )
}
