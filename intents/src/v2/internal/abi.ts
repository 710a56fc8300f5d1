import { parseAbiParameters } from 'viem'

/** The Solidity tuple of `DepositOrder`, as `abi.encode(order)` lays it out in `GaslessCrossChainOrder.orderData`. */
export const DEPOSIT_ORDER_ABI_TYPE =
  '(address token, uint256 amount, uint256 destinationChainId, address engine, address account, string route, (uint16 startBps, uint16 maxBps, uint32 startTime, uint32 endTime) fee, (string market, int256 sizeDelta, uint256 limitPrice, uint32 maxLeverageBps) trade)'

export const DEPOSIT_ORDER_ABI = parseAbiParameters(DEPOSIT_ORDER_ABI_TYPE)
