import { chainOf, postDevnetPrices } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, type Hex, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createRelayer } from '../infra/hyperlane/createRelayer.ts'
import { startTestDevnet, type TestDevnet } from '../infra/hyperlane/testing/testDevnet.ts'
import { fillOrder, openOrder } from '../testing/devnetActions.ts'
import { signTestIntent } from '../testing/testIntent.ts'
import { createEngineReader, type EngineReader } from './engineReader.ts'
import { isLiquidatable } from './keeperRules.ts'
import { isNearLiquidation, type LiquidationMark, liquidationMark } from './liquidationMark.ts'

const WAD = 10n ** 18n

describe('the liquidation mark, from one health reading', () => {
  // A backed long of 18 ETH at $3,000 on 1 WETH valued at 95% of `low`, requirement 116 bps of notional:
  // f(m) = 0.95·m + 18·(m − 3,000) − 18·m·1.16% = 18.7412·m − 54,000, zero at $2,881.3525…
  const long = { isLong: true, size: 18n * WAD, entryPrice: 3_000n * WAD, debt: 0n }
  const atThreeThousand = { equity: 2_850n * WAD, requirement: 6_264n * 10n ** 17n }

  test('is the root of the engine’s affine health, margin moving with the mark', () => {
    const mark = liquidationMark({
      position: long,
      health: atThreeThousand,
      mark: 3_000n * WAD,
      keeperBonusBps: 200n,
      marginMovesWithMark: true,
    })
    expect(mark.direction).toBe('below')
    const expected = (54_000n * WAD * 10_000n) / 187_412n
    expect(mark.direction === 'below' && mark.mark - expected).toBeLessThan(10n ** 6n)
    expect(mark.direction === 'below' && expected - mark.mark).toBeLessThan(10n ** 6n)
  })

  test('with a fixed margin (not yet backed) the position can stand a smaller fall', () => {
    const fixed = liquidationMark({
      position: long,
      health: atThreeThousand,
      mark: 3_000n * WAD,
      keeperBonusBps: 200n,
      marginMovesWithMark: false,
    })
    // 2,850 + 18·(m − 3,000) − 0.2088·m = 0 → m = 51,150 / 17.7912 = $2,875.0…
    expect(fixed.direction === 'below' && fixed.mark / WAD).toBe(2_875n)
  })

  test('a short whose collateral gains as fast as it loses is never liquidated by price', () => {
    // 0.5 ETH short on 1 WETH: margin 0.95·m grows faster than the loss 0.5·m.
    const mark = liquidationMark({
      position: { isLong: false, size: WAD / 2n, entryPrice: 3_000n * WAD, debt: 0n },
      health: { equity: 2_850n * WAD, requirement: 174n * 10n ** 17n },
      mark: 3_000n * WAD,
      keeperBonusBps: 200n,
      marginMovesWithMark: true,
    })
    expect(mark).toEqual({ direction: 'never' })
  })

  test('is near once the mark is within the margin on the dangerous side', () => {
    const below: LiquidationMark = { direction: 'below', mark: 2_000n * WAD }
    const above: LiquidationMark = { direction: 'above', mark: 2_000n * WAD }
    expect(isNearLiquidation(below, 2_004n * WAD, 25n)).toBe(true)
    expect(isNearLiquidation(below, 2_006n * WAD, 25n)).toBe(false)
    expect(isNearLiquidation(above, 1_996n * WAD, 25n)).toBe(true)
    expect(isNearLiquidation(above, 1_994n * WAD, 25n)).toBe(false)
    expect(isNearLiquidation({ direction: 'never' }, 1n, 25n)).toBe(false)
  })
})

describe('the liquidation mark on a real engine', () => {
  let devnet: TestDevnet
  let reader: EngineReader
  beforeAll(async () => {
    devnet = await startTestDevnet()
    const destination = chainOf(devnet.manifest, 'destination')
    reader = createEngineReader(
      createPublicClient({ transport: http(destination.rpcUrl) }),
      destination.contracts.marginEngine as Address,
    )
  })
  afterAll(() => devnet?.stop())

  const post = (dollars: number) =>
    postDevnetPrices({
      manifest: devnet.manifest,
      account: privateKeyToAccount(devnet.manifest.accounts.deployer.privateKey),
      prices: { 'ETH/USD': dollars },
    })

  /** A backed 19× position of 18 ETH on 1 WETH, opened at $3,000. */
  async function open(nonce: bigint, isLong: boolean): Promise<Hex> {
    await post(3_000)
    const signed = await signTestIntent({
      manifest: devnet.manifest,
      nonce,
      size: parseEther('18'),
      isLong,
      limitPrice: parseEther(isLong ? '3100' : '2900'),
      maxLeverageBps: 200_000,
    })
    const { orderId } = await openOrder(devnet.manifest, signed)
    await fillOrder(devnet.manifest, signed, 2)
    await createRelayer({
      manifest: devnet.manifest,
      account: privateKeyToAccount(devnet.manifest.accounts.deployer.privateKey),
    }).relayOnce()
    return orderId
  }

  async function markOf(orderId: Hex): Promise<LiquidationMark> {
    const blockNumber = await reader.blockNumber()
    const position = await reader.position(orderId, blockNumber)
    const feed = await reader.marketFeed(position.marketId)
    expect(await reader.collateralFeed(position.originChainId, position.collateralToken)).toBe(feed)
    const quote = await reader.quote(feed, blockNumber)
    return liquidationMark({
      position,
      health: await reader.health(orderId, blockNumber),
      mark: position.isLong ? quote.low : quote.high,
      keeperBonusBps: await reader.keeperBonusBps(),
      marginMovesWithMark: position.remoteBacked,
    })
  }

  // The devnet's prices carry a ±0.05% band: low = mid·1999/2000, high = mid·2001/2000.
  const midFor = (mark: bigint, side: 'low' | 'high') =>
    (Number(mark) / 1e18) * (side === 'low' ? 2000 / 1999 : 2000 / 2001)
  const scaled = (mark: bigint, bps: bigint) => (mark * (10_000n + bps)) / 10_000n

  test('a long turns liquidatable just below its mark, not just above it', async () => {
    const orderId = await open(1n, true)
    const mark = await markOf(orderId)
    if (mark.direction !== 'below') throw new Error(`expected a mark below, got ${mark.direction}`)
    expect(mark.mark / WAD).toBeGreaterThan(2_800n)
    await post(midFor(scaled(mark.mark, 5n), 'low'))
    expect(isLiquidatable(await reader.health(orderId))).toBe(false)
    await post(midFor(scaled(mark.mark, -5n), 'low'))
    expect(isLiquidatable(await reader.health(orderId))).toBe(true)
  })

  test('a short turns liquidatable just above its mark, not just below it', async () => {
    const orderId = await open(2n, false)
    const mark = await markOf(orderId)
    if (mark.direction !== 'above') throw new Error(`expected a mark above, got ${mark.direction}`)
    expect(mark.mark / WAD).toBeLessThan(3_200n)
    await post(midFor(scaled(mark.mark, -5n), 'high'))
    expect(isLiquidatable(await reader.health(orderId))).toBe(false)
    await post(midFor(scaled(mark.mark, 5n), 'high'))
    expect(isLiquidatable(await reader.health(orderId))).toBe(true)
  })
})
