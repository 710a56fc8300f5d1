import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { MarginIntent } from '../src/types.ts'

/** Anvil's first two dev keys: public test keys, never use them for value. */
export const TRADER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const
export const SOLVER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' as const
export const trader = privateKeyToAccount(TRADER_KEY)
export const solver = privateKeyToAccount(SOLVER_KEY)

export const VAULT: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
export const ENGINE: Address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
export const WETH: Address = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0'

/** A realistic intent: 2 WETH of collateral for a 5 ETH long on ETH-USD at up to $3,100, 10× max. */
export function sampleIntent(overrides: Partial<MarginIntent> = {}): MarginIntent {
  return {
    originSettler: VAULT,
    user: trader.address,
    nonce: 1n,
    originChainId: 31337n,
    openDeadline: 1_800_000_060,
    fillDeadline: 1_800_000_300,
    orderData: {
      collateralToken: WETH,
      collateralAmount: 2_000_000_000_000_000_000n,
      destinationChainId: 31338n,
      destinationSettler: ENGINE,
      recipient: trader.address,
      market: 'ETH-USD',
      isLong: true,
      size: 5_000_000_000_000_000_000n,
      limitPrice: 3_100_000_000_000_000_000_000n,
      maxLeverageBps: 100_000,
      fee: { startBps: 2, maxBps: 30, startTime: 1_800_000_000, endTime: 1_800_000_120 },
      route: 'hyperlane',
    },
    ...overrides,
  }
}
