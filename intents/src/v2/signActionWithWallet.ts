import type { Hex } from 'viem'
import type { TypedDataSigner } from '../signIntentWithWallet.ts'
import { actionWalletPayload } from './actionWalletPayload.ts'
import { normalizeSignature } from './internal/normalizeSignature.ts'
import { requireContractSignature } from './internal/signatureRule.ts'
import type { Action, ActionDomain, SignedAction } from './types.ts'
import { validateAction } from './validateAction.ts'
import { verifyAction } from './verifyAction.ts'

export type SignActionWithWalletParameters = ActionDomain & {
  action: Action
  /** Any EIP-1193 provider. */
  provider: TypedDataSigner
  /** `message.account` is a contract wallet: its ERC-1271 signature is kept as it is, checked on chain. */
  signerHasCode?: boolean
}
export type SignActionWithWalletReturnType = SignedAction

/**
 * Asks a wallet to sign a trade or a withdrawal through `eth_signTypedData_v4` with the payload of
 * {@link actionWalletPayload}; an EOA's answer is brought to the signature rule's one form and
 * verified, as {@link signDepositIntentWithWallet} does.
 */
export async function signActionWithWallet({
  action,
  chainId,
  engine,
  provider,
  signerHasCode = false,
}: SignActionWithWalletParameters): Promise<SignActionWithWalletReturnType> {
  const domain = { chainId, engine }
  validateAction({ action, ...domain })
  const raw = await provider.request({
    method: 'eth_signTypedData_v4',
    params: [action.message.account, actionWalletPayload({ action, ...domain })],
  })
  if (signerHasCode) {
    requireContractSignature(raw as Hex)
    return { ...action, ...domain, signature: (raw as Hex).toLowerCase() as Hex }
  }
  const signed = { ...action, ...domain, signature: normalizeSignature(raw) }
  verifyAction(signed)
  return signed
}
