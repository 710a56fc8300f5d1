import { fromGaslessCrossChainOrder, type GaslessCrossChainOrder, type MarginIntent } from '@xmargin/intents'
import { decodeAbiParameters, encodeAbiParameters, getAddress, type Hex, parseAbiParameters } from 'viem'

/** `originData` of an ERC-7683 fill instruction: `abi.encode(GaslessCrossChainOrder)`. */
const ORIGIN_DATA = parseAbiParameters(
  '(address originSettler, address user, uint256 nonce, uint256 originChainId, uint32 openDeadline, uint32 fillDeadline, bytes32 orderDataType, bytes orderData)',
)

export type DecodeOriginDataReturnType = { order: GaslessCrossChainOrder; intent: MarginIntent }

/**
 * Reads the order the vault's `Open` event carries (and the engine's `fill`/`expire` take) back into
 * the ERC-7683 order and its decoded MarginOrder. Throws (viem's or @xmargin/intents' error) on bytes
 * that are not an xmargin order.
 */
export function decodeOriginData(originData: Hex): DecodeOriginDataReturnType {
  const [decoded] = decodeAbiParameters(ORIGIN_DATA, originData)
  const order: GaslessCrossChainOrder = {
    ...decoded,
    originSettler: getAddress(decoded.originSettler),
    user: getAddress(decoded.user),
  }
  return { order, intent: fromGaslessCrossChainOrder(order) }
}

/** `abi.encode(order)`: the `originData` the engine's `fill` and `expire` take. */
export function encodeOriginData(order: GaslessCrossChainOrder): Hex {
  return encodeAbiParameters(ORIGIN_DATA, [order])
}
