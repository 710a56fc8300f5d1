import { keccak256, toHex } from 'viem'
import { FEE_SCHEDULE_TYPE, TOKEN_PERMISSIONS_TYPE } from '../constants.ts'

/**
 * The v2 EIP-712 types, exactly as docs/protocol-v2.md writes them. Each `*_TYPE` is the struct's own
 * declaration; its type hash is keccak256 of `encodeType`: the declaration followed by every struct it
 * references, in alphabetical order.
 */
export const ATTACHED_TRADE_TYPE =
  'AttachedTrade(string market,int256 sizeDelta,uint256 limitPrice,uint32 maxLeverageBps)'

export const DEPOSIT_ORDER_TYPE =
  'DepositOrder(address token,uint256 amount,uint256 destinationChainId,address engine,address account,' +
  'string route,FeeSchedule fee,AttachedTrade trade)'

export const GASLESS_CROSS_CHAIN_ORDER_TYPE =
  'GaslessCrossChainOrder(address originSettler,address user,uint256 nonce,uint256 originChainId,' +
  'uint32 openDeadline,uint32 fillDeadline,bytes32 orderDataType,DepositOrder orderData)'

export const TRADE_TYPE =
  'Trade(address account,string market,int256 sizeDelta,uint256 limitPrice,uint32 maxLeverageBps,' +
  'uint256 maxRelayerFee,uint256 nonce,uint32 deadline)'

export const WITHDRAW_TYPE =
  'Withdraw(address account,uint256 chainId,address token,uint256 amount,address to,uint16 maxFastFeeBps,' +
  'uint256 maxRelayerFee,uint256 nonce,uint32 deadline)'

/**
 * The witness type string handed to Permit2's `permitWitnessTransferFrom`: the witness field's
 * declaration, then every struct the permit references, alphabetically.
 */
export const PERMIT2_WITNESS_TYPE_STRING =
  `GaslessCrossChainOrder witness)${ATTACHED_TRADE_TYPE}${DEPOSIT_ORDER_TYPE}${FEE_SCHEDULE_TYPE}` +
  `${GASLESS_CROSS_CHAIN_ORDER_TYPE}${TOKEN_PERMISSIONS_TYPE}`

export const PERMIT_WITNESS_TRANSFER_FROM_TYPE = `PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,${PERMIT2_WITNESS_TYPE_STRING}`

export const ATTACHED_TRADE_TYPEHASH = keccak256(toHex(ATTACHED_TRADE_TYPE))
/** The ERC-7683 `orderDataType` of every v2 deposit intent. */
export const DEPOSIT_ORDER_TYPEHASH = keccak256(
  toHex(DEPOSIT_ORDER_TYPE + ATTACHED_TRADE_TYPE + FEE_SCHEDULE_TYPE),
)
export const GASLESS_CROSS_CHAIN_ORDER_TYPEHASH = keccak256(
  toHex(GASLESS_CROSS_CHAIN_ORDER_TYPE + ATTACHED_TRADE_TYPE + DEPOSIT_ORDER_TYPE + FEE_SCHEDULE_TYPE),
)
export const PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH = keccak256(toHex(PERMIT_WITNESS_TRANSFER_FROM_TYPE))
export const TRADE_TYPEHASH = keccak256(toHex(TRADE_TYPE))
export const WITHDRAW_TYPEHASH = keccak256(toHex(WITHDRAW_TYPE))

/** Signed actions are bound to one `AccountEngine` on one chain: `{ ...ENGINE_DOMAIN, chainId, verifyingContract }`. */
export const ENGINE_DOMAIN = { name: 'xmargin', version: '2' } as const
export const ENGINE_DOMAIN_TYPE =
  'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'
export const ENGINE_DOMAIN_TYPEHASH = keccak256(toHex(ENGINE_DOMAIN_TYPE))

/**
 * The largest signature the codecs carry. An EOA's is 65 bytes; a contract wallet's (ERC-1271) may be
 * longer (a multisig's owners, a passkey's assertion), and is checked on chain.
 */
export const MAX_SIGNATURE_BYTES = 2048

/** Codec limits: documents are a few hundred bytes, plus a contract wallet's signature at most. */
export const MAX_DEPOSIT_JSON_BYTES = 8 * 1024
export const MAX_ACTION_JSON_BYTES = 8 * 1024
