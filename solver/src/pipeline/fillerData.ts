import type { GaslessCrossChainOrder, SignedMarginIntent } from '@xmargin/intents'
import { toGaslessCrossChainOrder } from '@xmargin/intents'
import { encodeAbiParameters, type Hex } from 'viem'

const ORDER_PARAMETER = {
  type: 'tuple',
  components: [
    { name: 'originSettler', type: 'address' },
    { name: 'user', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'originChainId', type: 'uint256' },
    { name: 'openDeadline', type: 'uint32' },
    { name: 'fillDeadline', type: 'uint32' },
    { name: 'orderDataType', type: 'bytes32' },
    { name: 'orderData', type: 'bytes' },
  ],
} as const

/** `MarginEngine.fill`'s `originData`: abi.encode(GaslessCrossChainOrder), as in the vault's `Open`. */
export function encodeOriginData(order: GaslessCrossChainOrder): Hex {
  return encodeAbiParameters([ORDER_PARAMETER], [order])
}

export type FillArguments = readonly [orderId: Hex, originData: Hex, fillerData: Hex]

/**
 * `MarginEngine.fill`'s arguments: the order, and `fillerData` = abi.encode(bytes signature,
 * uint16 feeBps, bytes[] priceUpdate): the trader's signature travels here because the engine
 * re-verifies it against the origin digest.
 */
export function fillArguments(
  signed: SignedMarginIntent,
  orderId: Hex,
  feeBps: number,
  priceUpdate: readonly Hex[],
): FillArguments {
  const fillerData = encodeAbiParameters(
    [{ type: 'bytes' }, { type: 'uint16' }, { type: 'bytes[]' }],
    [signed.signature, feeBps, priceUpdate],
  )
  return [orderId, encodeOriginData(toGaslessCrossChainOrder(signed.order)), fillerData]
}
