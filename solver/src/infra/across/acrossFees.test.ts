import { createRequire } from 'node:module'
import { describe, expect, test } from 'vitest'
import { ConfigError } from '../../errors.ts'
import { ACROSS_WETH_CAPITAL_COST, ACROSS_WETH_RATE_MODEL, createAcrossFeeModel } from './acrossFees.ts'
import { feeCurveAmounts } from './sdkFeeCurve.ts'

const WETH = 10n ** 18n
const require = createRequire(import.meta.url)
const sdkModulesLoaded = () =>
  Object.keys(require.cache).filter((path) => path.includes('@across-protocol/sdk')).length

/** The fee in bps straight from the SDK's calculators, at exactly `amount`: the reference. */
function sdkFeeBps(amount: bigint, pool: { liquidity: bigint; utilized: bigint }): number {
  const sdk = require('@across-protocol/sdk')
  const lp = new sdk.lpFeeCalculator.LPFeeCalculator(ACROSS_WETH_RATE_MODEL)
  const relay = new sdk.relayFeeCalculator.RelayFeeCalculator(
    { queries: {}, capitalCostsConfig: { WETH: ACROSS_WETH_CAPITAL_COST } },
    { debug() {}, info() {}, warn() {}, error() {} },
  )
  const wad = 10n ** 18n
  const before = (pool.utilized * wad) / pool.liquidity
  const used = pool.utilized + amount
  const after = used >= pool.liquidity ? wad : (used * wad) / pool.liquidity
  const fee =
    BigInt(lp.calculateRealizedLpFeePct(before.toString(), after.toString()).toString()) +
    BigInt(relay.capitalFeePercent(amount.toString(), 'WETH').toString())
  return Number((fee * 1_000_000n) / 10n ** 14n) / 1_000_000
}

describe('the Across fee model', () => {
  // Each model evaluates its curve once, in a process of its own: the tests share what they can.
  const standard = createAcrossFeeModel()
  // A pool near the kink, so the LP fee moves with the amount.
  const nearKink = { liquidity: 10_000n * WETH, utilized: 7_000n * WETH }
  const nearKinkModel = createAcrossFeeModel({
    poolLiquidity: nearKink.liquidity,
    poolUtilized: nearKink.utilized,
  })

  // First in the file: the SDK runs in a process of its own, never in this one.
  test('answers fees without ever loading the SDK into this process', async () => {
    expect(sdkModulesLoaded()).toBe(0)
    expect(await standard.rebalanceFeeBps(WETH)).toBeGreaterThan(0)
    expect(sdkModulesLoaded()).toBe(0)
  })

  test("its cached fees are the SDK's own: exactly at the curve's amounts, the next one up in between", async () => {
    const pool = nearKink
    const model = nearKinkModel
    const grid = feeCurveAmounts(100n * pool.liquidity)
    const onGrid = [0, 15, 300, 700, 800, 900, grid.length - 1].map((i) => grid[i] as bigint)
    for (const amount of onGrid) expect(await model.rebalanceFeeBps(amount)).toBe(sdkFeeBps(amount, pool))

    for (const amount of [3n * WETH + 12_345n, 2_500n * WETH + 1n, 9_999n * WETH]) {
      const above = grid.find((point) => point >= amount) as bigint
      expect(above).toBeLessThanOrEqual(amount + amount / 20n)
      const fee = await model.rebalanceFeeBps(amount)
      expect(fee).toBe(sdkFeeBps(above, pool))
      expect(fee).toBeGreaterThanOrEqual(sdkFeeBps(amount, pool))
    }
    // Beyond the curve: priced as its top.
    expect(await model.rebalanceFeeBps(10n ** 40n)).toBe(sdkFeeBps(grid[grid.length - 1] as bigint, pool))
  })

  test('moving 2 WETH costs a small positive fee: about 9.4 bps LP + 1 bps capital', async () => {
    // WETH model: 5% a year below the 75% kink, charged as one week's interest: 1.05^(1/52) − 1 = 9.39 bps.
    const [lpOnly, withCapital] = await Promise.all([
      createAcrossFeeModel({ capitalCost: null }).rebalanceFeeBps(2n * WETH),
      standard.rebalanceFeeBps(2n * WETH),
    ])
    expect(lpOnly).toBeCloseTo(9.387, 3)
    expect(withCapital).toBeGreaterThan(lpOnly + 1)
    expect(withCapital).toBeLessThan(lpOnly + 1.1)
  })

  test('grows with the amount and with the pool utilization', async () => {
    const amounts = [1n, 100n, 1_000n, 3_000n].map((n) => n * WETH)
    const fees = await Promise.all(amounts.map((amount) => nearKinkModel.rebalanceFeeBps(amount)))
    expect(fees).toEqual([...fees].sort((a, b) => a - b))
    expect(new Set(fees).size).toBe(fees.length)

    // The standard pool is 50% utilized.
    const byUtilization = await Promise.all([
      standard.rebalanceFeeBps(10n * WETH),
      ...[8_000n, 9_500n].map((utilized) =>
        createAcrossFeeModel({
          poolLiquidity: 10_000n * WETH,
          poolUtilized: utilized * WETH,
        }).rebalanceFeeBps(10n * WETH),
      ),
    ])
    expect(byUtilization[0]).toBeLessThan(byUtilization[1] as number)
    expect(byUtilization[1]).toBeLessThan(byUtilization[2] as number)
  })

  test('a quote never waits: readyFeeBps is undefined until the curve is evaluated, then the same fee', async () => {
    // A pool figure no other test uses, so its curve is not evaluated yet.
    const model = createAcrossFeeModel({ poolLiquidity: 12_345n * WETH })
    expect(model.readyFeeBps(2n * WETH)).toBeUndefined()
    const fee = await model.rebalanceFeeBps(2n * WETH)
    expect(model.readyFeeBps(2n * WETH)).toBe(fee)
    // A second model of the same pool in this process shares the evaluated curve.
    expect(createAcrossFeeModel({ poolLiquidity: 12_345n * WETH }).readyFeeBps(2n * WETH)).toBe(fee)
  })

  test('nothing to move costs nothing; bad pool figures are a ConfigError', async () => {
    expect(await createAcrossFeeModel({ poolUtilized: 0n }).rebalanceFeeBps(0n)).toBe(0)
    expect(() => createAcrossFeeModel({ poolLiquidity: 0n })).toThrow(ConfigError)
    expect(() => createAcrossFeeModel({ poolLiquidity: WETH, poolUtilized: 2n * WETH })).toThrow(
      /poolUtilized/,
    )
  })
})
