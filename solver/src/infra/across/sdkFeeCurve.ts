import { createRequire } from 'node:module'
import type { AcrossCapitalCost, AcrossRateModel } from './acrossFees.ts'

/** What the curve is computed for: the pool's rate model and figures, base units as decimal strings. */
export type FeeCurveInput = {
  rateModel: AcrossRateModel
  poolLiquidity: string
  poolUtilized: string
  /** null leaves the relayer's capital fee out (LP fee only). */
  capitalCost: AcrossCapitalCost | null
}

/** Across's fee (LP + capital) in bps at each amount; amounts ascending, base units as decimal strings. */
export type FeeCurve = { amounts: string[]; feesBps: number[] }

// The SDK's members used, typed at this one boundary.
type BigNumberLike = { toString(): string }
type LpFeeCalculatorModule = {
  LPFeeCalculator: new (
    rateModel: AcrossRateModel,
  ) => { calculateRealizedLpFeePct(before: string, after: string, truncate?: boolean): BigNumberLike }
}
type RelayFeeCalculatorModule = {
  RelayFeeCalculator: new (
    config: { queries: object; capitalCostsConfig: Record<string, AcrossCapitalCost> },
    logger: Record<'debug' | 'info' | 'warn' | 'error', (data: unknown) => void>,
  ) => { capitalFeePercent(amount: string, symbol: string): BigNumberLike }
}

const WAD = 10n ** 18n
/** 1e18 = 100% = 10,000 bps. */
const WAD_PER_BPS = 10n ** 14n
const TOKEN = 'TOKEN'
const silent = { debug() {}, info() {}, warn() {}, error() {} }
/** Grid step: 5% (evaluating one LP fee takes the SDK ~2 ms, so a finer grid costs seconds). */
const STEP_DIVISOR = 20n
/** The top of the grid, as a multiple of the larger of the pool and the capital cost's cutoff. */
const TOP_MULTIPLE = 100n

/**
 * The amounts the curve is evaluated at: every base unit up to 20, then 5% apart up to `top`. A fee
 * is non-decreasing in the amount, so the next point up prices any amount at most 5% larger, never
 * below Across's own figure for it.
 */
export function feeCurveAmounts(top: bigint): bigint[] {
  const amounts: bigint[] = []
  for (let amount = 1n; amount < top; amount += amount / STEP_DIVISOR > 0n ? amount / STEP_DIVISOR : 1n)
    amounts.push(amount)
  amounts.push(top)
  return amounts
}

/**
 * Across's fee maths, from `@across-protocol/sdk` itself: the LP fee from the pool's rate model over
 * the utilization the transfer causes (what the hub pool charges), plus the relayer's capital fee, at
 * every amount of `feeCurveAmounts` up to 100 × the pool or the capital cutoff, whichever is larger
 * (beyond it the fee barely moves: full utilization, and the capital fee's upper bound). Loads the SDK
 * (~100 MB, 1,800 modules): the node runs this in a short-lived process of its own
 * (feeCurveProcess.ts), never in its own heap.
 */
export function sdkFeeCurve(input: FeeCurveInput): FeeCurve {
  // The two calculators' own modules (exported subpaths): the same classes as the SDK's index, in half
  // its load time.
  const require = createRequire(import.meta.url)
  const { LPFeeCalculator } =
    require('@across-protocol/sdk/dist/cjs/lpFeeCalculator/lpFeeCalculator') as LpFeeCalculatorModule
  const { RelayFeeCalculator } =
    require('@across-protocol/sdk/dist/cjs/relayFeeCalculator/relayFeeCalculator') as RelayFeeCalculatorModule
  const liquidity = BigInt(input.poolLiquidity)
  const utilized = BigInt(input.poolUtilized)
  const lp = new LPFeeCalculator(input.rateModel)
  // Only the capital fee is used, which needs no chain queries.
  const relay =
    input.capitalCost === null
      ? undefined
      : new RelayFeeCalculator({ queries: {}, capitalCostsConfig: { [TOKEN]: input.capitalCost } }, silent)
  const before = (utilized * WAD) / liquidity
  const cutoff =
    input.capitalCost === null
      ? 0n
      : BigInt(input.capitalCost.cutoff) / 10n ** BigInt(18 - input.capitalCost.decimals)
  const amounts = feeCurveAmounts(TOP_MULTIPLE * (liquidity > cutoff ? liquidity : cutoff))
  // Small amounts leave the utilization (an 18-decimal fraction) unchanged: one LP fee serves them all.
  const lpFees = new Map<bigint, bigint>()
  const feesBps = amounts.map((amount) => {
    // A transfer beyond the pool's free liquidity is priced at full utilization.
    const after = utilized + amount >= liquidity ? WAD : ((utilized + amount) * WAD) / liquidity
    let lpFee = lpFees.get(after)
    if (lpFee === undefined) {
      lpFee = BigInt(lp.calculateRealizedLpFeePct(before.toString(), after.toString()).toString())
      lpFees.set(after, lpFee)
    }
    const capitalFee =
      relay === undefined ? 0n : BigInt(relay.capitalFeePercent(amount.toString(), TOKEN).toString())
    // Fractional bps are kept: this feeds a cost estimate that is rounded once, as a bid.
    return Number(((lpFee + capitalFee) * 1_000_000n) / WAD_PER_BPS) / 1_000_000
  })
  return { amounts: amounts.map(String), feesBps }
}
