// The public surface of @xmargin/intents/v2, listed by name (index.test.ts snapshots it). What v2
// keeps from v1 unchanged (errors, the fee schedule maths, solver bids, shared constants) is
// re-exported, so v2 code needs this one import path.

export {
  BPS,
  FEE_SCHEDULE_TYPE,
  FEE_SCHEDULE_TYPEHASH,
  MARKET_PATTERN,
  MAX_BID_JSON_BYTES,
  MAX_CHAIN_ID,
  MAX_LEVERAGE_BPS,
  MIN_LEVERAGE_BPS,
  PERMIT2_ADDRESS,
  ROUTE_PATTERN,
  SOLVER_BID_DOMAIN,
  SOLVER_BID_TYPE,
  SOLVER_BID_TYPEHASH,
  TOKEN_PERMISSIONS_TYPE,
  TOKEN_PERMISSIONS_TYPEHASH,
} from '../constants.ts'
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
} from '../errors.ts'
export { type FeeAmountReturnType, feeAmount } from '../feeAmount.ts'
export { type FeeAtReturnType, feeAt } from '../feeAt.ts'
export { type HashSolverBidReturnType, hashSolverBid } from '../hashSolverBid.ts'
export { type RecoverPublicKey, secp256k1Backend } from '../internal/recover.ts'
export { type ParseSolverBidReturnType, parseSolverBid } from '../parseSolverBid.ts'
export type { TypedDataSigner } from '../signIntentWithWallet.ts'
export {
  type SignSolverBidParameters,
  type SignSolverBidReturnType,
  signSolverBid,
} from '../signSolverBid.ts'
export { SOLVER_BID_TYPES, type SolverBidTypedData, solverBidTypedData } from '../solverBidTypedData.ts'
export { type StringifySolverBidReturnType, stringifySolverBid } from '../stringifySolverBid.ts'
export { type TimeAtFeeReturnType, timeAtFee } from '../timeAtFee.ts'
export type { GaslessCrossChainOrder, SignedSolverBid, SolverBid } from '../types.ts'
export { type ValidateSolverBidOptions, validateSolverBid } from '../validateSolverBid.ts'
export {
  type VerifySolverBidErrorType,
  type VerifySolverBidOptions,
  type VerifySolverBidReturnType,
  verifySolverBid,
} from '../verifySolverBid.ts'
export { type ActionDigestParameters, type ActionDigestReturnType, actionDigest } from './actionDigest.ts'
export {
  ACTION_TYPES,
  type ActionTypedData,
  type ActionTypedDataParameters,
  actionTypedData,
} from './actionTypedData.ts'
export {
  type ActionWalletPayloadParameters,
  type ActionWalletPayloadReturnType,
  actionWalletPayload,
} from './actionWalletPayload.ts'
export {
  ATTACHED_TRADE_TYPE,
  ATTACHED_TRADE_TYPEHASH,
  DEPOSIT_ORDER_TYPE,
  DEPOSIT_ORDER_TYPEHASH,
  ENGINE_DOMAIN,
  ENGINE_DOMAIN_TYPE,
  ENGINE_DOMAIN_TYPEHASH,
  GASLESS_CROSS_CHAIN_ORDER_TYPE,
  GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
  MAX_ACTION_JSON_BYTES,
  MAX_DEPOSIT_JSON_BYTES,
  MAX_SIGNATURE_BYTES,
  PERMIT_WITNESS_TRANSFER_FROM_TYPE,
  PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
  PERMIT2_WITNESS_TYPE_STRING,
  TRADE_TYPE,
  TRADE_TYPEHASH,
  WITHDRAW_TYPE,
  WITHDRAW_TYPEHASH,
} from './constants.ts'
export { type DecodeActionErrorType, type DecodeActionReturnType, decodeAction } from './decodeAction.ts'
export {
  type DecodeDepositIntentErrorType,
  type DecodeDepositIntentReturnType,
  decodeDepositIntent,
} from './decodeDepositIntent.ts'
export { type DecodeDepositOrderReturnType, decodeDepositOrder } from './decodeDepositOrder.ts'
export { type DepositIntentDigestReturnType, depositIntentDigest } from './depositIntentDigest.ts'
export {
  DEPOSIT_INTENT_TYPES,
  DEPOSIT_INTENT_WITNESS_TYPES,
  type DepositIntentTypedData,
  depositIntentTypedData,
} from './depositIntentTypedData.ts'
export {
  type DepositIntentWalletPayloadReturnType,
  depositIntentWalletPayload,
} from './depositIntentWalletPayload.ts'
export { type EncodeDepositOrderReturnType, encodeDepositOrder } from './encodeDepositOrder.ts'
export { type SignatureRule, SignatureRuleError } from './errors.ts'
export {
  type FromGaslessCrossChainOrderReturnType,
  fromGaslessCrossChainOrder,
} from './fromGaslessCrossChainOrder.ts'
export { type HashDepositIntentReturnType, hashDepositIntent } from './hashDepositIntent.ts'
export { type HashDepositOrderReturnType, hashDepositOrder } from './hashDepositOrder.ts'
export { type HashTradeReturnType, hashTrade } from './hashTrade.ts'
export { type HashWithdrawReturnType, hashWithdraw } from './hashWithdraw.ts'
export { DEPOSIT_ORDER_ABI, DEPOSIT_ORDER_ABI_TYPE } from './internal/abi.ts'
export { type ParseActionErrorType, type ParseActionReturnType, parseAction } from './parseAction.ts'
export {
  type ParseDepositIntentErrorType,
  type ParseDepositIntentReturnType,
  parseDepositIntent,
} from './parseDepositIntent.ts'
export { type SignActionParameters, type SignActionReturnType, signAction } from './signAction.ts'
export {
  type SignActionWithWalletParameters,
  type SignActionWithWalletReturnType,
  signActionWithWallet,
} from './signActionWithWallet.ts'
export {
  type SignDepositIntentParameters,
  type SignDepositIntentReturnType,
  signDepositIntent,
} from './signDepositIntent.ts'
export {
  type SignDepositIntentWithWalletParameters,
  type SignDepositIntentWithWalletReturnType,
  signDepositIntentWithWallet,
} from './signDepositIntentWithWallet.ts'
export { type StringifyActionReturnType, stringifyAction } from './stringifyAction.ts'
export { type StringifyDepositIntentReturnType, stringifyDepositIntent } from './stringifyDepositIntent.ts'
export { type ActionJson, type TradeJson, toActionJson, type WithdrawJson } from './toActionJson.ts'
export { type DepositIntentJson, toDepositIntentJson } from './toDepositIntentJson.ts'
export {
  type ToGaslessCrossChainOrderReturnType,
  toGaslessCrossChainOrder,
} from './toGaslessCrossChainOrder.ts'
export type {
  Action,
  ActionDocument,
  ActionDomain,
  AttachedTrade,
  DepositIntent,
  DepositIntentDocument,
  DepositOrder,
  FeeSchedule,
  SignedAction,
  SignedDepositIntent,
  Trade,
  TradeAction,
  Withdraw,
  WithdrawAction,
} from './types.ts'
export {
  type ValidateActionErrorType,
  type ValidateActionOptions,
  type ValidateActionParameters,
  validateAction,
} from './validateAction.ts'
export {
  type ValidateDepositIntentErrorType,
  type ValidateDepositIntentOptions,
  validateDepositIntent,
} from './validateDepositIntent.ts'
export {
  type ActionNeedsErc1271,
  type ActionVerifiedBySignature,
  type VerifyActionErrorType,
  type VerifyActionOptions,
  type VerifyActionReturnType,
  verifyAction,
} from './verifyAction.ts'
export {
  type DepositIntentNeedsErc1271,
  type DepositIntentVerifiedBySignature,
  type VerifyDepositIntentErrorType,
  type VerifyDepositIntentOptions,
  type VerifyDepositIntentReturnType,
  verifyDepositIntent,
} from './verifyDepositIntent.ts'
