// The public surface of @xmargin/intents, listed by name (index.test.ts snapshots it).

export {
  BPS,
  FEE_SCHEDULE_TYPE,
  FEE_SCHEDULE_TYPEHASH,
  GASLESS_CROSS_CHAIN_ORDER_TYPE,
  GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
  MARGIN_ORDER_TYPE,
  MARGIN_ORDER_TYPEHASH,
  MARKET_PATTERN,
  MAX_BID_JSON_BYTES,
  MAX_CHAIN_ID,
  MAX_INTENT_JSON_BYTES,
  MAX_LEVERAGE_BPS,
  MIN_LEVERAGE_BPS,
  PERMIT_WITNESS_TRANSFER_FROM_TYPE,
  PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
  PERMIT2_ADDRESS,
  PERMIT2_WITNESS_TYPE_STRING,
  ROUTE_PATTERN,
  SOLVER_BID_DOMAIN,
  SOLVER_BID_TYPE,
  SOLVER_BID_TYPEHASH,
  TOKEN_PERMISSIONS_TYPE,
  TOKEN_PERMISSIONS_TYPEHASH,
} from './constants.ts'
export { type DecodeIntentErrorType, decodeIntent, type IntentDocument } from './decodeIntent.ts'
export { type DecodeOrderDataReturnType, decodeOrderData } from './decodeOrderData.ts'
export { type EncodeOrderDataReturnType, encodeOrderData } from './encodeOrderData.ts'
export {
  AccountMismatchError,
  DeadlineOrderError,
  DuplicateKeyError,
  ExpiredError,
  FeeScheduleError,
  IntentError,
  type IntentErrorCode,
  InvalidFieldError,
  InvalidSignatureError,
  MalformedJsonError,
  MissingFieldError,
  NumberLiteralError,
  SameChainError,
  SignerMismatchError,
  TooLargeError,
  UnknownFieldError,
  WrongChainError,
} from './errors.ts'
export { type FeeAmountReturnType, feeAmount } from './feeAmount.ts'
export { type FeeAtReturnType, feeAt } from './feeAt.ts'
export {
  type FromGaslessCrossChainOrderReturnType,
  fromGaslessCrossChainOrder,
} from './fromGaslessCrossChainOrder.ts'
export { type HashIntentReturnType, hashIntent } from './hashIntent.ts'
export { type HashMarginOrderReturnType, hashMarginOrder } from './hashMarginOrder.ts'
export { type HashSolverBidReturnType, hashSolverBid } from './hashSolverBid.ts'
export { type IntentDigestReturnType, intentDigest } from './intentDigest.ts'
export {
  INTENT_TYPES,
  INTENT_WITNESS_TYPES,
  type IntentTypedData,
  intentTypedData,
} from './intentTypedData.ts'
export { type IntentWalletPayloadReturnType, intentWalletPayload } from './intentWalletPayload.ts'
export { type RecoverPublicKey, secp256k1Backend } from './internal/recover.ts'
export { type ParseIntentErrorType, type ParseIntentReturnType, parseIntent } from './parseIntent.ts'
export { type ParseSolverBidReturnType, parseSolverBid } from './parseSolverBid.ts'
export { type SignIntentParameters, type SignIntentReturnType, signIntent } from './signIntent.ts'
export {
  type SignIntentWithWalletParameters,
  type SignIntentWithWalletReturnType,
  signIntentWithWallet,
  type TypedDataSigner,
} from './signIntentWithWallet.ts'
export { type SignSolverBidParameters, type SignSolverBidReturnType, signSolverBid } from './signSolverBid.ts'
export { SOLVER_BID_TYPES, type SolverBidTypedData, solverBidTypedData } from './solverBidTypedData.ts'
export { type StringifyIntentReturnType, stringifyIntent } from './stringifyIntent.ts'
export { type StringifySolverBidReturnType, stringifySolverBid } from './stringifySolverBid.ts'
export { type TimeAtFeeReturnType, timeAtFee } from './timeAtFee.ts'
export {
  type ToGaslessCrossChainOrderReturnType,
  toGaslessCrossChainOrder,
} from './toGaslessCrossChainOrder.ts'
export { type IntentJson, toIntentJson } from './toIntentJson.ts'
export type {
  FeeSchedule,
  GaslessCrossChainOrder,
  MarginIntent,
  MarginOrder,
  SignedMarginIntent,
  SignedSolverBid,
  SolverBid,
} from './types.ts'
export { type ValidateIntentErrorType, type ValidateIntentOptions, validateIntent } from './validateIntent.ts'
export { type ValidateSolverBidOptions, validateSolverBid } from './validateSolverBid.ts'
export {
  type VerifyIntentErrorType,
  type VerifyIntentOptions,
  type VerifyIntentReturnType,
  verifyIntent,
} from './verifyIntent.ts'
export {
  type VerifySolverBidErrorType,
  type VerifySolverBidOptions,
  type VerifySolverBidReturnType,
  verifySolverBid,
} from './verifySolverBid.ts'
