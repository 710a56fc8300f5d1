import { expect, test } from 'vitest'
import * as solver from './index.ts'

// An accidental change to the public surface fails here; a deliberate one updates this list.
test('the public API is exactly these names', () => {
  expect(Object.keys(solver).sort()).toMatchInlineSnapshot(`
    [
      "MAILBOX_ABI",
      "MERKLE_TREE_HOOK_ABI",
      "MalformedMessageError",
      "MerkleTreeMismatchError",
      "MissingValidatorKeyError",
      "ProcessRevertedError",
      "RelayError",
      "checkpointDigest",
      "checkpointPayload",
      "createDispatchScanner",
      "createMerkleTree",
      "createRelayer",
      "messageIdMetadata",
      "parseHyperlaneMessage",
      "processMessage",
      "routeSetOf",
      "signCheckpoint",
    ]
  `)
})
