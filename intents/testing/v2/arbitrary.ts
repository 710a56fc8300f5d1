import fc from 'fast-check'
import type { Address } from 'viem'
import { MAX_CHAIN_ID, MAX_LEVERAGE_BPS, MIN_LEVERAGE_BPS } from '../../src/constants.ts'
import type {
  Action,
  ActionDomain,
  AttachedTrade,
  DepositIntent,
  Trade,
  Withdraw,
} from '../../src/v2/types.ts'
import { arbitraryAddress } from '../arbitraryIntent.ts'

const MAX_UINT256 = 2n ** 256n - 1n
const MIN_INT256 = -(2n ** 255n)
const MAX_INT256 = 2n ** 255n - 1n
const MAX_UINT32 = 2 ** 32 - 1

/** uint256 values biased towards the edges (0/1, 2^64, 2^255, 2^256-1) where encoders break. */
const arbitraryUint256 = (min: bigint) =>
  fc.oneof(
    fc.bigInt({ min, max: MAX_UINT256 }),
    fc.bigInt({ min, max: 2n ** 70n }),
    fc.constantFrom(min, MAX_UINT256, 2n ** 64n, 2n ** 128n - 1n, 2n ** 255n),
  )

/** Non-zero int256 values biased towards sign and width edges (±1, ±2^64, int256 min and max). */
const arbitrarySizeDelta = fc
  .oneof(
    fc.bigInt({ min: MIN_INT256, max: MAX_INT256 }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.constantFrom(1n, -1n, MIN_INT256, MAX_INT256, 2n ** 64n, -(2n ** 64n), -(2n ** 128n)),
  )
  .filter((value) => value !== 0n)

const arbitraryMarket = fc
  .tuple(fc.stringMatching(/^[A-Z0-9]{1,15}$/), fc.stringMatching(/^[A-Z0-9]{1,15}$/))
  .map(([base, quote]) => `${base}-${quote}`)

const arbitraryRoute = fc.stringMatching(/^[a-z0-9][a-z0-9._:-]{0,31}$/)
const arbitraryChainId = fc.bigInt({ min: 1n, max: MAX_CHAIN_ID })
const arbitraryLeverage = fc.integer({ min: MIN_LEVERAGE_BPS, max: MAX_LEVERAGE_BPS })
const arbitraryTime = fc.integer({ min: 0, max: MAX_UINT32 })

const arbitraryAttachedTrade: fc.Arbitrary<AttachedTrade> = fc.oneof(
  fc.constant({ market: '', sizeDelta: 0n, limitPrice: 0n, maxLeverageBps: 0 }),
  fc.record({
    market: arbitraryMarket,
    sizeDelta: arbitrarySizeDelta,
    limitPrice: arbitraryUint256(1n),
    maxLeverageBps: arbitraryLeverage,
  }),
)

/** Any deposit intent `validateDepositIntent` accepts, with or without an attached trade. */
export const arbitraryDepositIntent: fc.Arbitrary<DepositIntent> = fc
  .record({
    originSettler: arbitraryAddress,
    user: arbitraryAddress,
    nonce: arbitraryUint256(0n),
    originChainId: arbitraryChainId,
    chainOffset: fc.bigInt({ min: 1n, max: 1000n }),
    times: fc.uniqueArray(arbitraryTime, { minLength: 4, maxLength: 4 }),
    token: arbitraryAddress,
    amount: arbitraryUint256(1n),
    engine: arbitraryAddress,
    account: arbitraryAddress,
    route: arbitraryRoute,
    fees: fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 })),
    trade: arbitraryAttachedTrade,
  })
  .map((r) => {
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
        token: r.token,
        amount: r.amount,
        destinationChainId,
        engine: r.engine,
        // A deposit funds its signer's own account (the vault refuses another).
        account: r.user,
        route: r.route,
        fee: { startBps: Math.min(...r.fees), maxBps: Math.max(...r.fees), startTime, endTime },
        trade: r.trade,
      },
    }
  })

export const arbitraryTrade: fc.Arbitrary<Trade> = fc.record({
  account: arbitraryAddress,
  market: arbitraryMarket,
  sizeDelta: arbitrarySizeDelta,
  limitPrice: arbitraryUint256(1n),
  maxLeverageBps: arbitraryLeverage,
  maxRelayerFee: arbitraryUint256(0n),
  nonce: arbitraryUint256(0n),
  deadline: arbitraryTime,
})

export const arbitraryWithdraw: fc.Arbitrary<Withdraw> = fc.record({
  account: arbitraryAddress,
  chainId: arbitraryChainId,
  token: arbitraryAddress,
  amount: arbitraryUint256(1n),
  to: arbitraryAddress,
  maxFastFeeBps: fc.integer({ min: 0, max: 10_000 }),
  maxRelayerFee: arbitraryUint256(0n),
  nonce: arbitraryUint256(0n),
  deadline: arbitraryTime,
})

export const arbitraryAction: fc.Arbitrary<Action> = fc.oneof(
  arbitraryTrade.map((message) => ({ kind: 'trade' as const, message })),
  arbitraryWithdraw.map((message) => ({ kind: 'withdraw' as const, message })),
)

export const arbitraryDomain: fc.Arbitrary<ActionDomain> = fc.record({
  chainId: arbitraryChainId,
  engine: arbitraryAddress,
})

/** `intent` as `user` signs it for its own account (the only account a deposit may fund). */
export function signedBy(intent: DepositIntent, user: Address): DepositIntent {
  return { ...intent, user, orderData: { ...intent.orderData, account: user } }
}
