import { type Address, concat, type Hex, numberToHex, pad } from 'viem'

export type MessageIdMetadataParameters = {
  merkleTreeHook: Address
  root: Hex
  index: number
  /** Already in validator-address order. */
  signatures: readonly Hex[]
}

/**
 * The metadata a StaticMessageIdMultisigIsm reads (MessageIdMultisigIsmMetadata.sol): origin merkle
 * tree hook as bytes32, root, uint32 index, then 65-byte signatures.
 */
export function messageIdMetadata({
  merkleTreeHook,
  root,
  index,
  signatures,
}: MessageIdMetadataParameters): Hex {
  return concat([pad(merkleTreeHook), root, numberToHex(index, { size: 4 }), ...signatures])
}
