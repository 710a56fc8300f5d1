import type { MarginIntent } from '@xmargin/intents'
import { describe, expect, test } from 'vitest'
import { createDefaultStrategy, type DefaultStrategyParams, priceIntent } from './defaultStrategy.ts'
import type { QuoteState } from './strategy.ts'

const T0 = 1_800_000_000
const GWEI = 1_000_000_000n
const ETHER = 10n ** 18n

// 2 WETH of collateral ($6,000 at $3,000) for a 10 ETH long at up to $3,000: $30,000 notional.
const INTENT: MarginIntent = {
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
    size: 10n * ETHER,
    limitPrice: 3_000n * ETHER,
    maxLeverageBps: 100_000,
    fee: { startBps: 5, maxBps: 60, startTime: T0, endTime: T0 + 300 },
    route: 'hyperlane',
  },
}

// The front is the whole $6,000, so the position's leverage is $30,000 / $6,000 = 5×.
const STATE: QuoteState = {
  nowSeconds: T0,
  gasPriceWei: { origin: GWEI, destination: GWEI },
  ethUsd: 3_000,
  collateralUsd: 3_000,
  collateralDecimals: 18,
  routeLatencySeconds: 60,
  frontUsd: 6_000,
  inventoryUsd: 100_000,
  rebalanceFeeBps: 0,
}

const GAS_ONLY: DefaultStrategyParams = {
  name: 'gas-only',
  capitalAprBps: 0,
  settleSeconds: 0,
  riskBpsPerLeverage: 0,
  maxInventoryShare: 1,
  marginBps: 0,
}

const BALANCED: DefaultStrategyParams = {
  name: 'balanced',
  capitalAprBps: 1_000,
  settleSeconds: 60,
  riskBpsPerLeverage: 1,
  maxInventoryShare: 0.5,
  marginBps: 5,
}

describe('the default strategy', () => {
  test('at 1 gwei and ETH $3,000, gas costs 6.5 bps of 2 WETH, bid as 7', () => {
    // Origin: openFor 370k + delivering `Filled` 180k = 550k gas = 0.00055 ETH = $1.65.
    // Destination: fill 570k + delivering `Locked` 180k = 750k gas = 0.00075 ETH = $2.25.
    // $3.90 of $6,000 is 6.5 bps; bids are whole bps, rounded up.
    const quote = priceIntent(INTENT, STATE, GAS_ONLY)
    expect(quote.gasUsd).toBeCloseTo(3.9, 9)
    expect(quote.costBps).toBeCloseTo(6.5, 9)
    expect(quote.feeBps).toBe(7)
    expect(createDefaultStrategy(GAS_ONLY).quote(INTENT, STATE)).toBe(7)
  })

  test('adds capital, rebalance, risk and margin', () => {
    const quote = priceIntent(INTENT, { ...STATE, rebalanceFeeBps: 10 }, BALANCED)
    // Capital: $6,000 × 10% a year for 60 s of route latency + 60 s to settle = $0.00228 (0.0038 bps).
    expect(quote.capitalUsd).toBeCloseTo((6_000 * 0.1 * 120) / (365 * 24 * 3600), 9)
    // Rebalance: moving the $6,000 front back at 10 bps costs $6 (10 bps of the collateral).
    expect(quote.rebalanceUsd).toBeCloseTo(6, 9)
    // Risk: 1 bps per 1× of leverage at 5×; margin 5 bps.
    expect(quote.leverage).toBeCloseTo(5, 9)
    expect(quote.riskBps).toBeCloseTo(5, 9)
    // 6.5 + 0.0038 + 10 + 5 + 5 = 26.5038 → 27.
    expect(quote.totalBps).toBeCloseTo(26.5038, 4)
    expect(quote.feeBps).toBe(27)
  })

  test('bids higher as gas rises, and passes once gas alone outgrows the maximum fee', () => {
    // Gas is 6.5 bps per gwei here; capital, risk and margin add 10.0038 bps.
    const quotes = [1n, 2n, 5n, 7n, 8n].map((gwei) =>
      priceIntent(
        INTENT,
        { ...STATE, gasPriceWei: { origin: gwei * GWEI, destination: gwei * GWEI } },
        BALANCED,
      ),
    )
    const totals = quotes.map((quote) => quote.totalBps)
    expect(totals).toEqual([...totals].sort((a, b) => a - b))
    expect(new Set(totals).size).toBe(totals.length)
    expect(quotes.map((quote) => quote.feeBps)).toEqual([17, 24, 43, 56, null])
  })

  test('bids higher for a slower route', () => {
    const latencies = [60, 3_600, 86_400, 7 * 86_400]
    const quotes = latencies.map((seconds) =>
      priceIntent(INTENT, { ...STATE, routeLatencySeconds: seconds }, BALANCED),
    )
    const totals = quotes.map((quote) => quote.totalBps)
    expect(new Set(totals).size).toBe(totals.length)
    expect(totals).toEqual([...totals].sort((a, b) => a - b))
    // A week of $6,000 at 10% is $11.52: 19.2 bps more than a minute.
    expect(quotes.map((quote) => quote.feeBps)).toEqual([17, 17, 20, 36])
  })
})

describe('passing', () => {
  test('when the cost exceeds the maximum fee', () => {
    const expensive = { ...STATE, gasPriceWei: { origin: 50n * GWEI, destination: 50n * GWEI } }
    expect(priceIntent(INTENT, expensive, BALANCED)).toMatchObject({
      feeBps: null,
      passReason: 'above-max-fee',
    })
  })

  test('when the front would take too much of the float', () => {
    expect(priceIntent(INTENT, { ...STATE, inventoryUsd: 10_000 }, BALANCED)).toMatchObject({
      feeBps: null,
      passReason: 'inventory',
    })
  })

  test('above the leverage a cautious solver accepts', () => {
    const cautious = { ...BALANCED, maxLeverageBps: 50_000 }
    expect(priceIntent(INTENT, STATE, cautious).feeBps).not.toBeNull()
    const sixX = { ...INTENT, orderData: { ...INTENT.orderData, size: 12n * ETHER } }
    expect(priceIntent(sixX, STATE, cautious)).toMatchObject({ feeBps: null, passReason: 'leverage' })
  })

  test('when the schedule only reaches the bid after the open deadline, or the deadline has passed', () => {
    const slow = {
      ...INTENT,
      orderData: {
        ...INTENT.orderData,
        fee: { startBps: 0, maxBps: 60, startTime: T0, endTime: T0 + 6_000 },
      },
    }
    // The schedule reaches 17 bps at T0 + 1,700 s, long after the T0 + 600 s open deadline.
    expect(priceIntent(slow, STATE, BALANCED)).toMatchObject({ feeBps: null, passReason: 'unreachable' })
    expect(priceIntent(INTENT, { ...STATE, nowSeconds: T0 + 601 }, BALANCED)).toMatchObject({
      feeBps: null,
      passReason: 'deadline',
    })
  })
})
