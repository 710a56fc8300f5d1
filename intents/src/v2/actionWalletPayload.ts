import { type ActionTypedDataParameters, actionTypedData } from './actionTypedData.ts'
import { serializeWalletTypedData } from './internal/serializeTypedData.ts'

export type ActionWalletPayloadParameters = ActionTypedDataParameters
export type ActionWalletPayloadReturnType = string

const ENGINE_DOMAIN_FIELDS = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
] as const

/**
 * The exact JSON string a wallet receives as the second parameter of `eth_signTypedData_v4` for a
 * trade or a withdrawal (`EIP712Domain` included).
 */
export function actionWalletPayload(
  parameters: ActionWalletPayloadParameters,
): ActionWalletPayloadReturnType {
  const typedData = actionTypedData(parameters)
  return serializeWalletTypedData({
    ...typedData,
    types: { EIP712Domain: ENGINE_DOMAIN_FIELDS, ...typedData.types },
  })
}
