import { createRequire } from 'node:module'
import { ConfigError } from '../../errors.ts'

/**
 * Across's LP rate model (UMIP-157): the yearly rate is R0 at 0% utilization, R0 + R1 at the kink
 * UBar, R0 + R1 + R2 at 100%. All 18-decimal fixed point as decimal strings, as the config store holds them.
 */
export type AcrossRateModel = { UBar: string; R0: string; R1: string; R2: string }

/** Across's relayer capital cost curve (18-decimal fractions; `cutoff` in whole-token units × 1e18). */
export type AcrossCapitalCost = { lowerBound: string; upperBound: string; cutoff: string; decimals: number }

/**
 * WETH's rate model as UMIP-157 shows it for `tokenConfig(WETH)`: 5% at zero utilization, flat to
 * the 75% kink, then rising by 60% to 100% utilization. The SDK ships no live model (it reads the
 * config store on chain), so this documented one is the default.
 */
export const ACROSS_WETH_RATE_MODEL: Readonly<AcrossRateModel> = Object.freeze({
  UBar: '750000000000000000',
  R0: '50000000000000000',
  R1: '0',
  R2: '600000000000000000',
})

/** WETH's relayer capital cost in Across's API: 1 bps rising to 4 bps at 750 WETH. */
export const ACROSS_WETH_CAPITAL_COST: Readonly<AcrossCapitalCost> = Object.freeze({
  lowerBound: '100000000000000',
  upperBound: '400000000000000',
  cutoff: '750000000000000000000',
  decimals: 18,
})

export type AcrossFeeModelParameters = {
  rateModel?: AcrossRateModel
  /** Hub pool liquidity of the token, base units. */
  poolLiquidity?: bigint
  /** Of which already lent out (utilization before the transfer = utilized ÷ liquidity), base units. */
  poolUtilized?: bigint
  /** The relayer's capital fee curve; null leaves it out (LP fee only). */
  capitalCost?: AcrossCapitalCost | null
}

/** A chain pair, for capital cost overrides per route. */
export type AcrossRoute = { originChainId: number; destinationChainId: number }

export type AcrossFeeModel = {
  /** Across's fee (LP fee + relayer capital fee) for moving `amount`, in bps of it. */
  rebalanceFeeBps(amount: bigint, route?: AcrossRoute): Promise<number>
}

// The SDK is loaded on first use only; these are the few members used, typed at this one boundary.
type BigNumberLike = { toString(): string }
type AcrossSdk = {
  lpFeeCalculator: {
    LPFeeCalculator: new (
      rateModel: AcrossRateModel,
    ) => { calculateRealizedLpFeePct(before: string, after: string, truncate?: boolean): BigNumberLike }
  }
  relayFeeCalculator: {
    RelayFeeCalculator: new (
      config: { queries: object; capitalCostsConfig: Record<string, AcrossCapitalCost> },
      logger: Record<'debug' | 'info' | 'warn' | 'error', (data: unknown) => void>,
    ) => {
      capitalFeePercent(amount: string, symbol: string, origin?: string, destination?: string): BigNumberLike
    }
  }
}

const WAD = 10n ** 18n
/** 1e18 = 100% = 10,000 bps. */
const WAD_PER_BPS = 10n ** 14n
const TOKEN = 'TOKEN'
const silent = { debug() {}, info() {}, warn() {}, error() {} }

let sdk: AcrossSdk | undefined

/** Whether `@across-protocol/sdk` has been loaded by this module (it is, on the first fee asked). */
export function acrossSdkLoaded(): boolean {
  return sdk !== undefined
}

// The SDK's ESM build fails on Node 24 (ERR_UNSUPPORTED_DIR_IMPORT); its CJS build loads (~1–2 s),
// so it is required, once, and only when a fee is first needed.
function loadSdk(): AcrossSdk {
  sdk ??= createRequire(import.meta.url)('@across-protocol/sdk') as AcrossSdk
  return sdk
}

/**
 * Prices moving solver inventory between chains with Across's own fee maths: the LP fee from the
 * pool's rate model over the utilization the transfer causes (what the hub pool charges), plus the
 * relayer's capital fee. Both come from `@across-protocol/sdk`, kept behind this one module.
 */
export function createAcrossFeeModel(parameters: AcrossFeeModelParameters = {}): AcrossFeeModel {
  const rateModel = parameters.rateModel ?? ACROSS_WETH_RATE_MODEL
  const liquidity = parameters.poolLiquidity ?? 10_000n * WAD
  const utilized = parameters.poolUtilized ?? liquidity / 2n
  const capitalCost = parameters.capitalCost === undefined ? ACROSS_WETH_CAPITAL_COST : parameters.capitalCost
  if (liquidity <= 0n) throw new ConfigError('poolLiquidity', 'must be positive')
  if (utilized < 0n || utilized > liquidity)
    throw new ConfigError('poolUtilized', 'must be within 0…poolLiquidity')

  let calculators:
    | {
        lp: InstanceType<AcrossSdk['lpFeeCalculator']['LPFeeCalculator']>
        relay: InstanceType<AcrossSdk['relayFeeCalculator']['RelayFeeCalculator']> | undefined
      }
    | undefined

  function load() {
    if (calculators !== undefined) return calculators
    const { lpFeeCalculator, relayFeeCalculator } = loadSdk()
    calculators = {
      lp: new lpFeeCalculator.LPFeeCalculator(rateModel),
      // Only the capital fee is used, which needs no chain queries.
      relay:
        capitalCost === null
          ? undefined
          : new relayFeeCalculator.RelayFeeCalculator(
              { queries: {}, capitalCostsConfig: { [TOKEN]: capitalCost } },
              silent,
            ),
    }
    return calculators
  }

  return {
    async rebalanceFeeBps(amount, route) {
      if (amount <= 0n) return 0
      const { lp, relay } = load()
      const before = (utilized * WAD) / liquidity
      // A transfer beyond the pool's free liquidity is priced at full utilization.
      const after = utilized + amount >= liquidity ? WAD : ((utilized + amount) * WAD) / liquidity
      const lpFee = BigInt(lp.calculateRealizedLpFeePct(before.toString(), after.toString()).toString())
      const capitalFee =
        relay === undefined
          ? 0n
          : BigInt(
              relay
                .capitalFeePercent(
                  amount.toString(),
                  TOKEN,
                  route === undefined ? undefined : String(route.originChainId),
                  route === undefined ? undefined : String(route.destinationChainId),
                )
                .toString(),
            )
      // Fractional bps are kept: this feeds a cost estimate that is rounded once, as a bid.
      return Number(((lpFee + capitalFee) * 1_000_000n) / WAD_PER_BPS) / 1_000_000
    },
  }
}
