import { parseAbi } from 'viem'

/** The parts of Hyperlane's Mailbox a relayer uses. */
export const MAILBOX_ABI = parseAbi([
  'event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)',
  'function delivered(bytes32 id) view returns (bool)',
  'function process(bytes metadata, bytes message) payable',
  'function localDomain() view returns (uint32)',
])

/** The parts of Hyperlane's MerkleTreeHook a relayer uses. */
export const MERKLE_TREE_HOOK_ABI = parseAbi([
  'event InsertedIntoTree(bytes32 messageId, uint32 index)',
  'function root() view returns (bytes32)',
  'function count() view returns (uint32)',
])
