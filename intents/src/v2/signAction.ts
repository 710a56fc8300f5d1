import type { Hex, LocalAccount } from 'viem'
import { AccountMismatchError } from '../errors.ts'
import { actionDigest } from './actionDigest.ts'
import { type ActionTypedData, actionTypedData } from './actionTypedData.ts'
import { normalizeSignature } from './internal/normalizeSignature.ts'
import type { Action, ActionDomain, SignedAction } from './types.ts'
import { validateAction } from './validateAction.ts'

export type SignActionParameters = ActionDomain & {
  action: Action
  /** A viem local account that is the action's `message.account`. */
  account: LocalAccount
}
export type SignActionReturnType = SignedAction

/**
 * Signs a trade or a withdrawal for the engine `engine` on chain `chainId` with a local key. Refuses
 * an invalid action, or one whose `message.account` is not the signing account. The signature always
 * meets the signature rule (65 bytes, v 27/28, low s).
 */
export async function signAction({
  action,
  account,
  chainId,
  engine,
}: SignActionParameters): Promise<SignActionReturnType> {
  const domain = { chainId, engine }
  validateAction({ action, ...domain })
  if (account.address.toLowerCase() !== action.message.account.toLowerCase()) {
    throw new AccountMismatchError('message.account', action.message.account, account.address)
  }
  const signature =
    account.sign === undefined
      ? await signTypedData(account, actionTypedData({ action, ...domain }))
      : await account.sign({ hash: actionDigest({ action, ...domain }).digest })
  return { ...action, ...domain, signature: normalizeSignature(signature) }
}

/** Narrowed per type: viem's `signTypedData` takes one primary type at a time. */
function signTypedData(account: LocalAccount, typedData: ActionTypedData): Promise<Hex> {
  return typedData.primaryType === 'Trade'
    ? account.signTypedData(typedData)
    : account.signTypedData(typedData)
}
