import { hexToBytes } from 'viem'
import {
  FEE_SCHEDULE_TYPEHASH,
  GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
  MARGIN_ORDER_TYPEHASH,
  PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
  PERMIT2_ADDRESS,
  PERMIT2_DOMAIN_TYPEHASH,
  SOLVER_BID_TYPEHASH,
  TOKEN_PERMISSIONS_TYPEHASH,
} from '../constants.ts'
import type { FeeSchedule, MarginIntent, MarginOrder, SolverBid } from '../types.ts'
import { keccak, keccakString } from './keccak.ts'
import { putAddress, putHex, putUint32, putUint256 } from './words.ts'

/**
 * EIP-712 struct hashes for the fixed xmargin layouts, written word by word into reused buffers.
 * Each function mirrors one Solidity `hash()` and is checked against viem's generic `hashStruct` and
 * the golden vectors. Single-threaded JS lets the scratch buffers be shared safely: every buffer is
 * filled and hashed before the function returns.
 */

function scratch(words: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(32 * words)
  return { bytes, view: new DataView(bytes.buffer) }
}

function withTypehash(words: number, typehash: `0x${string}`) {
  const buffer = scratch(words)
  buffer.bytes.set(hexToBytes(typehash), 0)
  return buffer
}

const fee = withTypehash(5, FEE_SCHEDULE_TYPEHASH)
export function feeScheduleHashBytes(schedule: FeeSchedule): Uint8Array {
  putUint32(fee.bytes, fee.view, 32, schedule.startBps)
  putUint32(fee.bytes, fee.view, 64, schedule.maxBps)
  putUint32(fee.bytes, fee.view, 96, schedule.startTime)
  putUint32(fee.bytes, fee.view, 128, schedule.endTime)
  return keccak(fee.bytes)
}

const margin = withTypehash(13, MARGIN_ORDER_TYPEHASH)
export function marginOrderHashBytes(order: MarginOrder): Uint8Array {
  const { bytes, view } = margin
  const feeHash = feeScheduleHashBytes(order.fee)
  putAddress(bytes, 32, order.collateralToken)
  putUint256(view, 64, order.collateralAmount)
  putUint256(view, 96, order.destinationChainId)
  putAddress(bytes, 128, order.destinationSettler)
  putAddress(bytes, 160, order.recipient)
  bytes.set(keccakString(order.market), 192)
  putUint32(bytes, view, 224, order.isLong ? 1 : 0)
  putUint256(view, 256, order.size)
  putUint256(view, 288, order.limitPrice)
  putUint32(bytes, view, 320, order.maxLeverageBps)
  bytes.set(feeHash, 352)
  bytes.set(keccakString(order.route), 384)
  return keccak(bytes)
}

const witness = withTypehash(9, GASLESS_CROSS_CHAIN_ORDER_TYPEHASH)
witness.bytes.set(hexToBytes(MARGIN_ORDER_TYPEHASH), 224)
/** The witness struct hash: the intent's orderId. */
export function intentHashBytes(intent: MarginIntent): Uint8Array {
  const { bytes, view } = witness
  const orderDataHash = marginOrderHashBytes(intent.orderData)
  putAddress(bytes, 32, intent.originSettler)
  putAddress(bytes, 64, intent.user)
  putUint256(view, 96, intent.nonce)
  putUint256(view, 128, intent.originChainId)
  putUint32(bytes, view, 160, intent.openDeadline)
  putUint32(bytes, view, 192, intent.fillDeadline)
  bytes.set(orderDataHash, 256)
  return keccak(bytes)
}

const permissions = withTypehash(3, TOKEN_PERMISSIONS_TYPEHASH)
export function tokenPermissionsHashBytes(token: string, amount: bigint): Uint8Array {
  putAddress(permissions.bytes, 32, token)
  putUint256(permissions.view, 64, amount)
  return keccak(permissions.bytes)
}

const permit = withTypehash(6, PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH)
/** Permit2's `PermitWitnessTransferFrom` struct hash with the intent's hash as witness. */
export function permitHashBytes(intent: MarginIntent, witnessHash: Uint8Array): Uint8Array {
  const { bytes, view } = permit
  bytes.set(
    tokenPermissionsHashBytes(intent.orderData.collateralToken, intent.orderData.collateralAmount),
    32,
  )
  putAddress(bytes, 64, intent.originSettler)
  putUint256(view, 96, intent.nonce)
  putUint32(bytes, view, 128, intent.openDeadline)
  bytes.set(witnessHash, 160)
  return keccak(bytes)
}

const domainSeparators = new Map<bigint, Uint8Array>()
const domain = withTypehash(4, PERMIT2_DOMAIN_TYPEHASH)
domain.bytes.set(keccakString('Permit2'), 32)
putAddress(domain.bytes, 96, PERMIT2_ADDRESS)
/** Permit2's EIP-712 domain separator on `chainId`, computed once per chain. */
export function permit2DomainSeparatorBytes(chainId: bigint): Uint8Array {
  const cached = domainSeparators.get(chainId)
  if (cached) return cached
  putUint256(domain.view, 64, chainId)
  const separator = keccak(domain.bytes)
  if (domainSeparators.size >= 256) domainSeparators.clear()
  domainSeparators.set(chainId, separator)
  return separator
}

const typedDigest = new Uint8Array(66)
typedDigest[0] = 0x19
typedDigest[1] = 0x01
/** `keccak256("\x19\x01" ‖ domainSeparator ‖ structHash)`. */
export function typedDataDigestBytes(domainSeparator: Uint8Array, structHash: Uint8Array): Uint8Array {
  typedDigest.set(domainSeparator, 2)
  typedDigest.set(structHash, 34)
  return keccak(typedDigest)
}

/** Everything one verification needs, from a single pass over the intent. */
export function intentHashesBytes(intent: MarginIntent): { orderId: Uint8Array; digest: Uint8Array } {
  const orderId = intentHashBytes(intent)
  const digest = typedDataDigestBytes(
    permit2DomainSeparatorBytes(intent.originChainId),
    permitHashBytes(intent, orderId),
  )
  return { orderId, digest }
}

const bid = withTypehash(5, SOLVER_BID_TYPEHASH)
export function solverBidHashBytes(value: SolverBid): Uint8Array {
  putHex(bid.bytes, 32, value.orderId, 32)
  putAddress(bid.bytes, 64, value.solver)
  putUint32(bid.bytes, bid.view, 96, value.feeBps)
  putUint32(bid.bytes, bid.view, 128, value.expiry)
  return keccak(bid.bytes)
}
