import type { Hex } from 'viem'
import { bytesToHex32 } from '../internal/words.ts'
import { tradeHashBytes } from './internal/structHashes.ts'
import type { Trade } from './types.ts'

export type HashTradeReturnType = Hex

/** EIP-712 struct hash of a {@link Trade}. */
export function hashTrade(trade: Trade): HashTradeReturnType {
  return bytesToHex32(tradeHashBytes(trade))
}
