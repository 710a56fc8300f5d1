import type { Address, Hex } from 'viem'
import { InvalidSignatureError } from './errors.ts'
import { intentWalletPayload } from './intentWalletPayload.ts'
import type { MarginIntent, SignedMarginIntent } from './types.ts'
import { validateIntent } from './validateIntent.ts'
import { verifyIntent } from './verifyIntent.ts'

export type SignIntentWithWalletParameters = {
  intent: MarginIntent
  /** Any EIP-1193 provider: a browser wallet (`window.ethereum`), WalletConnect, a node's dev accounts. */
  provider: TypedDataSigner
}
/** The one EIP-1193 method this needs; every wallet provider has it. */
export type TypedDataSigner = {
  request(args: { method: 'eth_signTypedData_v4'; params: [Address, string] }): Promise<unknown>
}
export type SignIntentWithWalletReturnType = SignedMarginIntent

/**
 * Asks a wallet to sign the intent through `eth_signTypedData_v4` with the payload of
 * {@link intentWalletPayload}, then verifies what came back: a wallet that signed with another
 * account, or altered the data, is caught here rather than by every node downstream.
 */
export async function signIntentWithWallet({
  intent,
  provider,
}: SignIntentWithWalletParameters): Promise<SignIntentWithWalletReturnType> {
  validateIntent(intent)
  const raw = await provider.request({
    method: 'eth_signTypedData_v4',
    params: [intent.user, intentWalletPayload(intent)],
  })
  const signed = { order: intent, signature: normalizeV(raw as Hex) }
  verifyIntent(signed)
  return signed
}

/** Some hardware wallets answer with `v` ∈ {0, 1}; Permit2 needs 27 or 28. */
function normalizeV(signature: Hex): Hex {
  if (typeof signature !== 'string' || signature.length !== 132) {
    throw new InvalidSignatureError('the wallet did not return a 65-byte signature')
  }
  const v = Number.parseInt(signature.slice(130), 16)
  if (v === 0 || v === 1) return `${signature.slice(0, 130)}${(v + 27).toString(16)}` as Hex
  return signature.toLowerCase() as Hex
}
