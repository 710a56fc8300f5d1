import type { Hex, LocalAccount } from 'viem'
import { AccountMismatchError } from './errors.ts'
import { intentTypedData } from './intentTypedData.ts'
import type { MarginIntent, SignedMarginIntent } from './types.ts'
import { validateIntent } from './validateIntent.ts'

export type SignIntentParameters = {
  intent: MarginIntent
  /** A viem local account (private key, mnemonic or keystore) that is the intent's `user`. */
  account: LocalAccount
}
export type SignIntentReturnType = SignedMarginIntent

/**
 * Signs an intent with a local key: one Permit2 witness signature that both authorises moving the
 * collateral into escrow and commits to every term. Refuses to sign an invalid intent, or one whose
 * `user` is not the signing account.
 */
export async function signIntent({ intent, account }: SignIntentParameters): Promise<SignIntentReturnType> {
  validateIntent(intent)
  if (account.address.toLowerCase() !== intent.user.toLowerCase()) {
    throw new AccountMismatchError('order.user', intent.user, account.address)
  }
  const signature: Hex = await account.signTypedData(intentTypedData(intent))
  return { order: intent, signature }
}
