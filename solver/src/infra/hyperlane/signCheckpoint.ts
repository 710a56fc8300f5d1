import type { Hex, PrivateKeyAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type Checkpoint, checkpointPayload } from './checkpointDigest.ts'

export type SignCheckpointParameters = {
  checkpoint: Checkpoint
  /** The validators' keys, in any order. */
  privateKeys: readonly Hex[]
}

/** 65-byte `r ‖ s ‖ v` signatures, sorted by validator address: the order the multisig ISM checks them in. */
export type SignCheckpointReturnType = Hex[]

/** The validator role: every key signs the checkpoint's digest (CheckpointLib.digest, EIP-191). */
export async function signCheckpoint({
  checkpoint,
  privateKeys,
}: SignCheckpointParameters): Promise<SignCheckpointReturnType> {
  const raw = checkpointPayload(checkpoint)
  const signers = privateKeys.map(accountOf).sort((a, b) => compareAddresses(a.address, b.address))
  return Promise.all(signers.map((signer) => signer.signMessage({ message: { raw } })))
}

// Deriving an account computes its public key (an elliptic-curve multiplication, most of a
// signature's cost); a validator signs every message with the same few keys.
const accounts = new Map<Hex, PrivateKeyAccount>()
function accountOf(key: Hex): PrivateKeyAccount {
  let account = accounts.get(key)
  if (account === undefined) {
    account = privateKeyToAccount(key)
    accounts.set(key, account)
  }
  return account
}

function compareAddresses(a: Hex, b: Hex): number {
  const [x, y] = [BigInt(a), BigInt(b)]
  return x < y ? -1 : x > y ? 1 : 0
}
