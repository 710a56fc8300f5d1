import { parseAbiParameters } from 'viem'

/** `abi.encode(MarginOrder)`: the bytes carried in `GaslessCrossChainOrder.orderData` on chain. */
export const MARGIN_ORDER_ABI = parseAbiParameters(
  '(address collateralToken, uint256 collateralAmount, uint256 destinationChainId, address destinationSettler, address recipient, string market, bool isLong, uint256 size, uint256 limitPrice, uint32 maxLeverageBps, (uint16 startBps, uint16 maxBps, uint32 startTime, uint32 endTime) fee, string route)',
)
