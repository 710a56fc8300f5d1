import { depositIntentTypedData } from './depositIntentTypedData.ts'
import { serializeWalletTypedData } from './internal/serializeTypedData.ts'
import type { DepositIntent } from './types.ts'

export type DepositIntentWalletPayloadReturnType = string

/** Permit2's domain has no version field. */
const PERMIT2_DOMAIN_TYPE = [
  { name: 'name', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
] as const

/**
 * The exact JSON string a wallet receives as the second parameter of `eth_signTypedData_v4` for a
 * deposit intent (`EIP712Domain` included): what a browser wallet shows the trader.
 */
export function depositIntentWalletPayload(intent: DepositIntent): DepositIntentWalletPayloadReturnType {
  const typedData = depositIntentTypedData(intent)
  return serializeWalletTypedData({
    ...typedData,
    types: { EIP712Domain: PERMIT2_DOMAIN_TYPE, ...typedData.types },
  })
}
