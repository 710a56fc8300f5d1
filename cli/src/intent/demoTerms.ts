import type { IntentFlags } from './buildIntent.ts'
import { DEVNET } from './devnet.ts'

/**
 * The example trade of the demo and the tests: 2 WETH of collateral for a 5 ETH long on ETH-USD at up
 * to $3,100, at most 10×, fee rising from 2 to 30 bps over two minutes, on the local devnet.
 */
export const DEMO_TERMS: IntentFlags = {
  vault: DEVNET.vault,
  engine: DEVNET.engine,
  token: DEVNET.token,
  amount: '2',
  decimals: '18',
  originChain: DEVNET.originChainId,
  destinationChain: DEVNET.destinationChainId,
  market: 'ETH-USD',
  side: 'long',
  size: '5',
  limitPrice: '3100',
  maxLeverage: '10',
  feeStartBps: '2',
  feeMaxBps: '30',
  feeRamp: '120',
  openIn: '300',
  fillIn: '600',
  route: 'hyperlane',
}
