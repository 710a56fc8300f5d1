// The fee-schedule maths alone, for code that needs no signing or hashing (the simulator's workers):
// importing it does not load viem, the Permit2 SDK or WebAssembly.
export { type FeeAmountReturnType, feeAmount } from './feeAmount.ts'
export { type FeeAtReturnType, feeAt } from './feeAt.ts'
export { type TimeAtFeeReturnType, timeAtFee } from './timeAtFee.ts'
export type { FeeSchedule } from './types.ts'
