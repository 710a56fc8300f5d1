import { BPS } from './bps.ts'

export type FeeAmountReturnType = bigint

/** The fee in collateral base units for `feeBps` of `collateralAmount`, rounded down (in the trader's favour). */
export function feeAmount(collateralAmount: bigint, feeBps: number): FeeAmountReturnType {
  return (collateralAmount * BigInt(feeBps)) / BigInt(BPS)
}
