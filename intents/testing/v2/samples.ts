import type { Address } from 'viem'
import type { DepositIntent, Trade, Withdraw } from '../../src/v2/types.ts'
import { trader, WETH } from '../sampleIntent.ts'

export { SOLVER_KEY, solver, TRADER_KEY, trader, WETH } from '../sampleIntent.ts'

/** Devnet-like addresses (anvil's first deployments); public, never hold value. */
export const VAULT: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
export const ENGINE: Address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
export const USDC: Address = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9'
export const ORIGIN = 31337n
export const DESTINATION = 31338n

export const NO_TRADE = { market: '', sizeDelta: 0n, limitPrice: 0n, maxLeverageBps: 0 } as const

/** 2 WETH into the trader's account, with a 5 ETH long on ETH-USD at up to $3,100 and 10× at most. */
export function sampleDeposit(overrides: Partial<DepositIntent> = {}): DepositIntent {
  return {
    originSettler: VAULT,
    user: trader.address,
    nonce: 1n,
    originChainId: ORIGIN,
    openDeadline: 1_800_000_060,
    fillDeadline: 1_800_000_300,
    orderData: {
      token: WETH,
      amount: 2_000_000_000_000_000_000n,
      destinationChainId: DESTINATION,
      engine: ENGINE,
      account: trader.address,
      route: 'hyperlane',
      fee: { startBps: 2, maxBps: 30, startTime: 1_800_000_000, endTime: 1_800_000_120 },
      trade: {
        market: 'ETH-USD',
        sizeDelta: 5_000_000_000_000_000_000n,
        limitPrice: 3_100_000_000_000_000_000_000n,
        maxLeverageBps: 100_000,
      },
    },
    ...overrides,
  }
}

/** A short of 5 ETH at no less than $2,900. */
export function sampleTrade(overrides: Partial<Trade> = {}): Trade {
  return {
    account: trader.address,
    market: 'ETH-USD',
    sizeDelta: -5_000_000_000_000_000_000n,
    limitPrice: 2_900_000_000_000_000_000_000n,
    maxLeverageBps: 50_000,
    maxRelayerFee: 1_000_000n,
    nonce: 7n,
    deadline: 1_800_000_600,
    ...overrides,
  }
}

/** 1 WETH back to the trader on the origin, fast at up to 0.2%. */
export function sampleWithdraw(overrides: Partial<Withdraw> = {}): Withdraw {
  return {
    account: trader.address,
    chainId: ORIGIN,
    token: WETH,
    amount: 1_000_000_000_000_000_000n,
    to: trader.address,
    maxFastFeeBps: 20,
    maxRelayerFee: 500_000n,
    nonce: 8n,
    deadline: 1_800_000_900,
    ...overrides,
  }
}

export const domain = { chainId: DESTINATION, engine: ENGINE } as const
