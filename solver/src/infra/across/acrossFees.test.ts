import { createRequire } from 'node:module'
import { describe, expect, test } from 'vitest'
import { ConfigError } from '../../errors.ts'
import { acrossSdkLoaded, createAcrossFeeModel } from './acrossFees.ts'

const WETH = 10n ** 18n
const sdkModulesLoaded = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('@across-protocol/sdk'))
    .length

describe('the Across fee model', () => {
  // First in the file: importing the module (above) and creating a model must not load the SDK.
  test('loads the SDK on the first fee asked, not on import', async () => {
    const model = createAcrossFeeModel()
    expect(acrossSdkLoaded()).toBe(false)
    expect(sdkModulesLoaded()).toBe(0)
    await model.rebalanceFeeBps(WETH)
    expect(acrossSdkLoaded()).toBe(true)
    expect(sdkModulesLoaded()).toBeGreaterThan(0)
  })

  test('moving 2 WETH costs a small positive fee: about 9.4 bps LP + 1 bps capital', async () => {
    // WETH model: 5% a year below the 75% kink, charged as one week's interest: 1.05^(1/52) − 1 = 9.39 bps.
    const lpOnly = await createAcrossFeeModel({ capitalCost: null }).rebalanceFeeBps(2n * WETH)
    expect(lpOnly).toBeCloseTo(9.387, 3)
    const withCapital = await createAcrossFeeModel().rebalanceFeeBps(2n * WETH)
    expect(withCapital).toBeGreaterThan(lpOnly + 1)
    expect(withCapital).toBeLessThan(lpOnly + 1.1)
  })

  test('grows with the amount and with the pool utilization', async () => {
    const model = createAcrossFeeModel({ poolLiquidity: 10_000n * WETH, poolUtilized: 7_000n * WETH })
    const amounts = [1n, 100n, 1_000n, 3_000n].map((n) => n * WETH)
    const fees = await Promise.all(amounts.map((amount) => model.rebalanceFeeBps(amount)))
    expect(fees).toEqual([...fees].sort((a, b) => a - b))
    expect(new Set(fees).size).toBe(fees.length)

    const byUtilization = await Promise.all(
      [5_000n, 8_000n, 9_500n].map((utilized) =>
        createAcrossFeeModel({
          poolLiquidity: 10_000n * WETH,
          poolUtilized: utilized * WETH,
        }).rebalanceFeeBps(10n * WETH),
      ),
    )
    expect(byUtilization[0]).toBeLessThan(byUtilization[1] as number)
    expect(byUtilization[1]).toBeLessThan(byUtilization[2] as number)
  })

  test('nothing to move costs nothing; bad pool figures are a ConfigError', async () => {
    expect(await createAcrossFeeModel().rebalanceFeeBps(0n)).toBe(0)
    expect(() => createAcrossFeeModel({ poolLiquidity: 0n })).toThrow(ConfigError)
    expect(() => createAcrossFeeModel({ poolLiquidity: WETH, poolUtilized: 2n * WETH })).toThrow(
      /poolUtilized/,
    )
  })
})
