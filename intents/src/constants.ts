import { type Address, keccak256, toHex } from 'viem'

/** Permit2's canonical address, the same on every EVM chain. */
export const PERMIT2_ADDRESS: Address = '0x000000000022D473030F116dDEE9F6B43aC78BA3'

export { BPS } from './bps.ts'

/** 1× leverage in basis points; leverage below it makes no sense for a margin position. */
export const MIN_LEVERAGE_BPS = 10_000
/** 100×: a sanity bound on the signed maximum; each market's own limit is the engine's business. */
export const MAX_LEVERAGE_BPS = 1_000_000

/** Largest chain id accepted: wallets and RPCs carry chain ids as JavaScript numbers. */
export const MAX_CHAIN_ID = BigInt(Number.MAX_SAFE_INTEGER)

export const FEE_SCHEDULE_TYPE = 'FeeSchedule(uint16 startBps,uint16 maxBps,uint32 startTime,uint32 endTime)'

export const MARGIN_ORDER_TYPE =
  'MarginOrder(address collateralToken,uint256 collateralAmount,uint256 destinationChainId,address destinationSettler,' +
  'address recipient,string market,bool isLong,uint256 size,uint256 limitPrice,uint32 maxLeverageBps,' +
  'FeeSchedule fee,string route)'

export const GASLESS_CROSS_CHAIN_ORDER_TYPE =
  'GaslessCrossChainOrder(address originSettler,address user,uint256 nonce,uint256 originChainId,' +
  'uint32 openDeadline,uint32 fillDeadline,bytes32 orderDataType,MarginOrder orderData)'

export const TOKEN_PERMISSIONS_TYPE = 'TokenPermissions(address token,uint256 amount)'

/**
 * The witness type string handed to Permit2's `permitWitnessTransferFrom`: the witness field's
 * declaration, then every referenced struct in alphabetical order, as EIP-712 requires.
 */
export const PERMIT2_WITNESS_TYPE_STRING =
  `GaslessCrossChainOrder witness)${FEE_SCHEDULE_TYPE}${GASLESS_CROSS_CHAIN_ORDER_TYPE}` +
  `${MARGIN_ORDER_TYPE}${TOKEN_PERMISSIONS_TYPE}`

export const PERMIT_WITNESS_TRANSFER_FROM_TYPE = `PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,${PERMIT2_WITNESS_TYPE_STRING}`

export const FEE_SCHEDULE_TYPEHASH = keccak256(toHex(FEE_SCHEDULE_TYPE))
export const MARGIN_ORDER_TYPEHASH = keccak256(toHex(MARGIN_ORDER_TYPE + FEE_SCHEDULE_TYPE))
export const GASLESS_CROSS_CHAIN_ORDER_TYPEHASH = keccak256(
  toHex(GASLESS_CROSS_CHAIN_ORDER_TYPE + FEE_SCHEDULE_TYPE + MARGIN_ORDER_TYPE),
)
export const TOKEN_PERMISSIONS_TYPEHASH = keccak256(toHex(TOKEN_PERMISSIONS_TYPE))
export const PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH = keccak256(toHex(PERMIT_WITNESS_TRANSFER_FROM_TYPE))

/** Permit2's domain has no version: `EIP712Domain(string name,uint256 chainId,address verifyingContract)`. */
export const PERMIT2_DOMAIN_TYPEHASH = keccak256(
  toHex('EIP712Domain(string name,uint256 chainId,address verifyingContract)'),
)

export const SOLVER_BID_TYPE = 'SolverBid(bytes32 orderId,address solver,uint16 feeBps,uint32 expiry)'
export const SOLVER_BID_TYPEHASH = keccak256(toHex(SOLVER_BID_TYPE))

/**
 * Bids are signed off chain and bind a solver to the network, not to a contract, so the domain has
 * only a name and a version; the orderId inside already commits to both chains.
 */
export const SOLVER_BID_DOMAIN = { name: 'xmargin SolverBid', version: '1' } as const

/** Codec limits: an intent document is a few hundred bytes; anything far larger is abuse. */
export const MAX_INTENT_JSON_BYTES = 8 * 1024
export const MAX_BID_JSON_BYTES = 1024

export const MARKET_PATTERN = /^[A-Z0-9]{1,15}-[A-Z0-9]{1,15}$/
export const ROUTE_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,31}$/
