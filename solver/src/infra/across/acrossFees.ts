import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { ConfigError } from '../../errors.ts'
import { AcrossFeeCurveError } from './errors.ts'
import type { FeeCurve, FeeCurveInput } from './sdkFeeCurve.ts'

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

export type AcrossFeeModel = {
  /**
   * Across's fee (LP fee + capital fee) for moving `amount`, in bps of it: the SDK's figure at the
   * nearest amount of its curve at or above `amount` (at most 1% above). The first call waits for the
   * curve.
   */
  rebalanceFeeBps(amount: bigint): Promise<number>
  /**
   * The same fee if the curve is already evaluated, else undefined — and the evaluation is started,
   * so a quote never waits for it. `onFailure` hears of an evaluation that failed.
   */
  readyFeeBps(amount: bigint, onFailure?: (error: unknown) => void): number | undefined
}

const WAD = 10n ** 18n
const runFile = promisify(execFile)
const CURVE_PROCESS = fileURLToPath(new URL('./feeCurveProcess.ts', import.meta.url))
/** Loading the SDK takes 2–3 s of CPU; on a shared, busy machine much longer. */
const CURVE_TIMEOUT_MS = 120_000
/** After a failed evaluation, quotes get the error at once for this long instead of a new process each. */
const RETRY_AFTER_MS = 60_000

/**
 * Prices moving solver inventory between chains with Across's own fee maths, from
 * `@across-protocol/sdk`. The SDK costs ~150 MB of heap and 3,500 modules, so a node never loads it:
 * a short-lived process evaluates the SDK's fee at every amount of a fine grid (sdkFeeCurve.ts) and
 * exits, and the model keeps those numbers. The pool's figures are fixed for the model's life, so the
 * curve is computed once, on the first fee asked.
 */
export function createAcrossFeeModel(parameters: AcrossFeeModelParameters = {}): AcrossFeeModel {
  const liquidity = parameters.poolLiquidity ?? 10_000n * WAD
  const utilized = parameters.poolUtilized ?? liquidity / 2n
  if (liquidity <= 0n) throw new ConfigError('poolLiquidity', 'must be positive')
  if (utilized < 0n || utilized > liquidity)
    throw new ConfigError('poolUtilized', 'must be within 0…poolLiquidity')
  const input: FeeCurveInput = {
    rateModel: parameters.rateModel ?? ACROSS_WETH_RATE_MODEL,
    poolLiquidity: liquidity.toString(),
    poolUtilized: utilized.toString(),
    capitalCost: parameters.capitalCost === undefined ? ACROSS_WETH_CAPITAL_COST : parameters.capitalCost,
  }

  const key = JSON.stringify(input)
  let failed: { error: unknown; atMs: number } | undefined

  function loadCurve(): Promise<Curve> {
    const known = curves.get(key)
    if (known !== undefined) return known.promise
    if (failed !== undefined && Date.now() - failed.atMs < RETRY_AFTER_MS) return Promise.reject(failed.error)
    const entry: CurveEntry = {
      promise: evaluateCurve(input).then(
        (curve) => {
          entry.curve = curve
          return curve
        },
        (error: unknown) => {
          curves.delete(key)
          failed = { error, atMs: Date.now() }
          throw error
        },
      ),
    }
    curves.set(key, entry)
    return entry.promise
  }

  return {
    async rebalanceFeeBps(amount) {
      if (amount <= 0n) return 0
      return feeOn(await loadCurve(), amount)
    },
    readyFeeBps(amount, onFailure) {
      if (amount <= 0n) return 0
      const curve = curves.get(key)?.curve
      if (curve !== undefined) return feeOn(curve, amount)
      loadCurve().catch((error: unknown) => onFailure?.(error))
      return undefined
    },
  }
}

type Curve = { amounts: bigint[]; feesBps: number[] }
type CurveEntry = { promise: Promise<Curve>; curve?: Curve }

/**
 * Curves by their input, for the process: the pool's figures are fixed, so nodes sharing a process
 * (tests, benches) share one evaluation.
 */
const curves = new Map<string, CurveEntry>()

function feeOn({ amounts, feesBps }: Curve, amount: bigint): number {
  return feesBps[firstAtOrAbove(amounts, amount)] as number
}

async function evaluateCurve(input: FeeCurveInput): Promise<Curve> {
  const { stdout } = await runFile(process.execPath, [CURVE_PROCESS, JSON.stringify(input)], {
    timeout: CURVE_TIMEOUT_MS,
    maxBuffer: 16 * 2 ** 20,
  }).catch((cause: unknown) => {
    throw new AcrossFeeCurveError('the Across fee curve process failed', { cause })
  })
  try {
    const curve = JSON.parse(stdout) as FeeCurve
    const amounts = curve.amounts.map((amount) => BigInt(amount))
    if (amounts.length > 0 && amounts.length === curve.feesBps.length)
      return { amounts, feesBps: curve.feesBps }
  } catch (cause) {
    throw new AcrossFeeCurveError('the Across fee curve process answered something else than a curve', {
      cause,
    })
  }
  throw new AcrossFeeCurveError('the Across fee curve process answered a curve without points')
}

/** The index of the first amount ≥ `amount` (ascending amounts), or the last one when none is. */
function firstAtOrAbove(amounts: readonly bigint[], amount: bigint): number {
  let low = 0
  let high = amounts.length - 1
  while (low < high) {
    const middle = (low + high) >> 1
    if ((amounts[middle] as bigint) < amount) low = middle + 1
    else high = middle
  }
  return low
}
