import type { MarginIntent } from '@xmargin/intents'
import { describe, expect, test } from 'vitest'
import { ConfigError } from '../../errors.ts'
import type { QuoteState } from './strategy.ts'
import { strategyByName } from './strategyByName.ts'

const T0 = 1_800_000_000
const ETHER = 10n ** 18n

const intent = (leverage: bigint): MarginIntent => ({
  originSettler: '0x0000000000000000000000000000000000000001',
  user: '0x0000000000000000000000000000000000000002',
  nonce: 1n,
  originChainId: 31337n,
  openDeadline: T0 + 600,
  fillDeadline: T0 + 900,
  orderData: {
    collateralToken: '0x0000000000000000000000000000000000000003',
    collateralAmount: 2n * ETHER,
    destinationChainId: 31338n,
    destinationSettler: '0x0000000000000000000000000000000000000004',
    recipient: '0x0000000000000000000000000000000000000002',
    market: 'ETH-USD',
    isLong: true,
    // $6,000 of collateral and front at $3,000 per ETH: 2 ETH of size per 1× of leverage.
    size: 2n * leverage * ETHER,
    limitPrice: 3_000n * ETHER,
    maxLeverageBps: 200_000,
    fee: { startBps: 5, maxBps: 100, startTime: T0, endTime: T0 + 300 },
    route: 'hyperlane',
  },
})

const STATE: QuoteState = {
  nowSeconds: T0,
  gasPriceWei: { origin: 1_000_000_000n, destination: 1_000_000_000n },
  ethUsd: 3_000,
  collateralUsd: 3_000,
  collateralDecimals: 18,
  routeLatencySeconds: 60,
  frontUsd: 6_000,
  inventoryUsd: 100_000,
  rebalanceFeeBps: 0,
}

describe('strategy presets', () => {
  test('aggressive bids below balanced, balanced below cautious', () => {
    const bids = ['aggressive', 'balanced', 'cautious'].map((name) =>
      strategyByName(name).quote(intent(3n), STATE),
    )
    // Gas 6.5 bps at 3× leverage; aggressive: + 1.5 risk + 1 margin + a sliver of capital = 9.0014 → 10;
    // balanced: + 3 + 5 → 14.5 → 15; cautious: + 6 + 15 → 27.5 → 28.
    expect(bids).toEqual([10, 15, 28])
  })

  test('cautious passes on high leverage where the others bid', () => {
    const quotes = ['aggressive', 'balanced', 'cautious'].map((name) =>
      strategyByName(name).quote(intent(8n), STATE),
    )
    expect(quotes[0]).toBeTypeOf('number')
    expect(quotes[1]).toBeTypeOf('number')
    expect(quotes[2]).toBeNull()
  })

  test('each strategy carries its name', () => {
    expect(strategyByName('balanced').name).toBe('balanced')
  })

  test('an unknown name is a ConfigError naming the known ones', () => {
    expect(() => strategyByName('yolo')).toThrow(ConfigError)
    expect(() => strategyByName('yolo')).toThrow(
      'strategy: unknown strategy "yolo"; expected one of aggressive, balanced, cautious',
    )
    expect(() => strategyByName('toString')).toThrow(ConfigError)
  })
})
