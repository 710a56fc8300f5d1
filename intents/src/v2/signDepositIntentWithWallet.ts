import type { Hex } from 'viem'
import type { TypedDataSigner } from '../signIntentWithWallet.ts'
import { depositIntentWalletPayload } from './depositIntentWalletPayload.ts'
import { normalizeSignature } from './internal/normalizeSignature.ts'
import { requireContractSignature } from './internal/signatureRule.ts'
import type { DepositIntent, SignedDepositIntent } from './types.ts'
import { validateDepositIntent } from './validateDepositIntent.ts'
import { verifyDepositIntent } from './verifyDepositIntent.ts'

export type SignDepositIntentWithWalletParameters = {
  intent: DepositIntent
  /** Any EIP-1193 provider: a browser wallet, WalletConnect, a node's dev accounts. */
  provider: TypedDataSigner
  /**
   * `order.user` is a contract wallet: its answer is an ERC-1271 signature, kept as it is and
   * checked on chain, not here.
   */
  signerHasCode?: boolean
}
export type SignDepositIntentWithWalletReturnType = SignedDepositIntent

/**
 * Asks a wallet to sign the deposit intent through `eth_signTypedData_v4` with the payload of
 * {@link depositIntentWalletPayload}. An EOA's answer is brought to the signature rule's one form
 * (`v` 0/1 → 27/28, a compact or high-s signature → the same key's 65-byte low-s one), then verified:
 * a wallet that signed with another account, or altered the data, is caught here.
 */
export async function signDepositIntentWithWallet({
  intent,
  provider,
  signerHasCode = false,
}: SignDepositIntentWithWalletParameters): Promise<SignDepositIntentWithWalletReturnType> {
  validateDepositIntent(intent)
  const raw = await provider.request({
    method: 'eth_signTypedData_v4',
    params: [intent.user, depositIntentWalletPayload(intent)],
  })
  if (signerHasCode) {
    requireContractSignature(raw as Hex)
    return { order: intent, signature: (raw as Hex).toLowerCase() as Hex }
  }
  const signed = { order: intent, signature: normalizeSignature(raw) }
  verifyDepositIntent(signed)
  return signed
}
