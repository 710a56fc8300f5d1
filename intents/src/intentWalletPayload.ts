import { serializeTypedData } from 'viem'
import { intentTypedData } from './intentTypedData.ts'
import type { MarginIntent } from './types.ts'

export type IntentWalletPayloadReturnType = string

/** Permit2's domain has no version field. */
const PERMIT2_DOMAIN_TYPE = [
  { name: 'name', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
] as const

// viem's serializer through a plain signature: its generic one wants a bigint chainId, wallets a number.
const serialize = serializeTypedData as (typedData: {
  domain: object
  types: object
  primaryType: string
  message: object
}) => string

/**
 * The exact JSON string a wallet receives as the second parameter of `eth_signTypedData_v4`
 * (`EIP712Domain` included, integers as decimal strings): what a browser wallet shows the trader.
 * It is what viem's `signTypedData` action sends to a JSON-RPC wallet.
 */
export function intentWalletPayload(intent: MarginIntent): IntentWalletPayloadReturnType {
  const typedData = intentTypedData(intent)
  return serialize({ ...typedData, types: { EIP712Domain: PERMIT2_DOMAIN_TYPE, ...typedData.types } })
}
