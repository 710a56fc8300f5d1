import { serializeTypedData } from 'viem'

/**
 * viem's serializer through a plain signature: its generic one wants a bigint chainId, wallets a
 * number. The result is the JSON string `eth_signTypedData_v4` takes (integers as decimal strings).
 */
export const serializeWalletTypedData = serializeTypedData as (typedData: {
  domain: object
  types: object
  primaryType: string
  message: object
}) => string
