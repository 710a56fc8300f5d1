import type { LocalAccount } from 'viem'
import { AccountMismatchError } from '../errors.ts'
import { depositIntentDigest } from './depositIntentDigest.ts'
import { depositIntentTypedData } from './depositIntentTypedData.ts'
import { normalizeSignature } from './internal/normalizeSignature.ts'
import type { DepositIntent, SignedDepositIntent } from './types.ts'
import { validateDepositIntent } from './validateDepositIntent.ts'

export type SignDepositIntentParameters = {
  intent: DepositIntent
  /** A viem local account (private key, mnemonic or keystore) that is the intent's `user`. */
  account: LocalAccount
}
export type SignDepositIntentReturnType = SignedDepositIntent

/**
 * Signs a deposit intent with a local key: one Permit2 witness signature that both moves the tokens
 * into the vault and commits to every term. Refuses an invalid intent, or one whose `user` is not the
 * signing account. The signature always meets the signature rule (65 bytes, v 27/28, low s).
 */
export async function signDepositIntent({
  intent,
  account,
}: SignDepositIntentParameters): Promise<SignDepositIntentReturnType> {
  validateDepositIntent(intent)
  if (account.address.toLowerCase() !== intent.user.toLowerCase()) {
    throw new AccountMismatchError('order.user', intent.user, account.address)
  }
  // The same signature as signTypedData (deterministic, over the same digest), from the fast hashes.
  const signature =
    account.sign === undefined
      ? await account.signTypedData(depositIntentTypedData(intent))
      : await account.sign({ hash: depositIntentDigest(intent).digest })
  return { order: intent, signature: normalizeSignature(signature) }
}
