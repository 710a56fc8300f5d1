import fc from 'fast-check'
import { type Address, getAddress } from 'viem'
import { MAX_CHAIN_ID, MAX_LEVERAGE_BPS, MIN_LEVERAGE_BPS } from '../src/constants.ts'
import type { MarginIntent } from '../src/types.ts'

const MAX_UINT256 = 2n ** 256n - 1n
const MAX_UINT32 = 2 ** 32 - 1

export const arbitraryAddress: fc.Arbitrary<Address> = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .filter((bytes) => bytes.some((b) => b !== 0))
  .map((bytes) => getAddress(`0x${Buffer.from(bytes).toString('hex')}`))

/** uint256 values biased towards the edges (0/1, 2^64, 2^255, 2^256-1) where encoders break. */
const arbitraryUint256 = (min: bigint) =>
  fc.oneof(
    fc.bigInt({ min, max: MAX_UINT256 }),
    fc.bigInt({ min, max: 2n ** 70n }),
    fc.constantFrom(min, MAX_UINT256, 2n ** 64n, 2n ** 128n - 1n, 2n ** 255n),
  )

const arbitraryMarket = fc
  .tuple(fc.stringMatching(/^[A-Z0-9]{1,15}$/), fc.stringMatching(/^[A-Z0-9]{1,15}$/))
  .map(([base, quote]) => `${base}-${quote}`)

const arbitraryRoute = fc.stringMatching(/^[a-z0-9][a-z0-9._:-]{0,31}$/)

/** Any intent that `validateIntent` accepts, including edge values of every field. */
export const arbitraryIntent: fc.Arbitrary<MarginIntent> = fc
  .record({
    originSettler: arbitraryAddress,
    user: arbitraryAddress,
    nonce: arbitraryUint256(0n),
    originChainId: fc.bigInt({ min: 1n, max: MAX_CHAIN_ID }),
    chainOffset: fc.bigInt({ min: 1n, max: 1000n }),
    times: fc.uniqueArray(fc.integer({ min: 0, max: MAX_UINT32 }), { minLength: 4, maxLength: 4 }),
    collateralToken: arbitraryAddress,
    collateralAmount: arbitraryUint256(1n),
    destinationSettler: arbitraryAddress,
    recipient: arbitraryAddress,
    market: arbitraryMarket,
    isLong: fc.boolean(),
    size: arbitraryUint256(1n),
    limitPrice: arbitraryUint256(1n),
    maxLeverageBps: fc.integer({ min: MIN_LEVERAGE_BPS, max: MAX_LEVERAGE_BPS }),
    fees: fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 })),
    route: arbitraryRoute,
  })
  .map((r) => {
    // Sorted distinct times: fee start < fee end ≤ open deadline ≤ fill deadline is not required by
    // the rules, but fee end ≤ fill deadline and open ≤ fill are.
    const [startTime, endTime, openDeadline, fillDeadline] = [...r.times].sort((a, b) => a - b) as [
      number,
      number,
      number,
      number,
    ]
    const destinationChainId =
      r.originChainId + r.chainOffset <= MAX_CHAIN_ID
        ? r.originChainId + r.chainOffset
        : r.originChainId - r.chainOffset
    return {
      originSettler: r.originSettler,
      user: r.user,
      nonce: r.nonce,
      originChainId: r.originChainId,
      openDeadline,
      fillDeadline,
      orderData: {
        collateralToken: r.collateralToken,
        collateralAmount: r.collateralAmount,
        destinationChainId,
        destinationSettler: r.destinationSettler,
        recipient: r.recipient,
        market: r.market,
        isLong: r.isLong,
        size: r.size,
        limitPrice: r.limitPrice,
        maxLeverageBps: r.maxLeverageBps,
        fee: { startBps: Math.min(...r.fees), maxBps: Math.max(...r.fees), startTime, endTime },
        route: r.route,
      },
    }
  })
