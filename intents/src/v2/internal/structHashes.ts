import { hexToBytes } from 'viem'
import { keccak, keccakString } from '../../internal/keccak.ts'
import {
  feeScheduleHashBytes,
  permit2DomainSeparatorBytes,
  tokenPermissionsHashBytes,
  typedDataDigestBytes,
} from '../../internal/structHashes.ts'
import { putAddress, putUint32, putUint256 } from '../../internal/words.ts'
import {
  ATTACHED_TRADE_TYPEHASH,
  DEPOSIT_ORDER_TYPEHASH,
  ENGINE_DOMAIN,
  ENGINE_DOMAIN_TYPEHASH,
  GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
  PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
  TRADE_TYPEHASH,
  WITHDRAW_TYPEHASH,
} from '../constants.ts'
import type {
  Action,
  ActionDomain,
  AttachedTrade,
  DepositIntent,
  DepositOrder,
  Trade,
  Withdraw,
} from '../types.ts'

/**
 * EIP-712 struct hashes of the fixed v2 layouts, written word by word into reused buffers (as v1's
 * `internal/structHashes.ts`, whose FeeSchedule, TokenPermissions, Permit2 domain and digest this
 * shares). Every buffer is filled and hashed before its function returns, so sharing them is safe in
 * single-threaded JS. Each function mirrors one Solidity `hash()`; all are checked against viem.
 */

function withTypehash(words: number, typehash: `0x${string}`) {
  const bytes = new Uint8Array(32 * words)
  bytes.set(hexToBytes(typehash), 0)
  return { bytes, view: new DataView(bytes.buffer) }
}

/** An int256 as its two's-complement word, as `abi.encode` and EIP-712 write it. */
function putInt256(view: DataView, offset: number, value: bigint): void {
  putUint256(view, offset, BigInt.asUintN(256, value))
}

const attached = withTypehash(5, ATTACHED_TRADE_TYPEHASH)
export function attachedTradeHashBytes(trade: AttachedTrade): Uint8Array {
  const { bytes, view } = attached
  bytes.set(keccakString(trade.market), 32)
  putInt256(view, 64, trade.sizeDelta)
  putUint256(view, 96, trade.limitPrice)
  putUint32(bytes, view, 128, trade.maxLeverageBps)
  return keccak(bytes)
}

const deposit = withTypehash(9, DEPOSIT_ORDER_TYPEHASH)
export function depositOrderHashBytes(order: DepositOrder): Uint8Array {
  const feeHash = feeScheduleHashBytes(order.fee)
  const tradeHash = attachedTradeHashBytes(order.trade)
  const { bytes, view } = deposit
  putAddress(bytes, 32, order.token)
  putUint256(view, 64, order.amount)
  putUint256(view, 96, order.destinationChainId)
  putAddress(bytes, 128, order.engine)
  putAddress(bytes, 160, order.account)
  bytes.set(keccakString(order.route), 192)
  bytes.set(feeHash, 224)
  bytes.set(tradeHash, 256)
  return keccak(bytes)
}

const witness = withTypehash(9, GASLESS_CROSS_CHAIN_ORDER_TYPEHASH)
witness.bytes.set(hexToBytes(DEPOSIT_ORDER_TYPEHASH), 224)
/** The witness struct hash: the deposit's orderId. */
export function depositIntentHashBytes(intent: DepositIntent): Uint8Array {
  const orderDataHash = depositOrderHashBytes(intent.orderData)
  const { bytes, view } = witness
  putAddress(bytes, 32, intent.originSettler)
  putAddress(bytes, 64, intent.user)
  putUint256(view, 96, intent.nonce)
  putUint256(view, 128, intent.originChainId)
  putUint32(bytes, view, 160, intent.openDeadline)
  putUint32(bytes, view, 192, intent.fillDeadline)
  bytes.set(orderDataHash, 256)
  return keccak(bytes)
}

const permit = withTypehash(6, PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH)
/** Permit2's `PermitWitnessTransferFrom` struct hash with the deposit as witness. */
export function depositPermitHashBytes(intent: DepositIntent, witnessHash: Uint8Array): Uint8Array {
  const permissions = tokenPermissionsHashBytes(intent.orderData.token, intent.orderData.amount)
  const { bytes, view } = permit
  bytes.set(permissions, 32)
  putAddress(bytes, 64, intent.originSettler)
  putUint256(view, 96, intent.nonce)
  putUint32(bytes, view, 128, intent.openDeadline)
  bytes.set(witnessHash, 160)
  return keccak(bytes)
}

/** Everything one deposit verification needs, from a single pass over the intent. */
export function depositIntentHashesBytes(intent: DepositIntent): { orderId: Uint8Array; digest: Uint8Array } {
  const orderId = depositIntentHashBytes(intent)
  const digest = typedDataDigestBytes(
    permit2DomainSeparatorBytes(intent.originChainId),
    depositPermitHashBytes(intent, orderId),
  )
  return { orderId, digest }
}

const trade = withTypehash(9, TRADE_TYPEHASH)
export function tradeHashBytes(value: Trade): Uint8Array {
  const { bytes, view } = trade
  putAddress(bytes, 32, value.account)
  bytes.set(keccakString(value.market), 64)
  putInt256(view, 96, value.sizeDelta)
  putUint256(view, 128, value.limitPrice)
  putUint32(bytes, view, 160, value.maxLeverageBps)
  putUint256(view, 192, value.maxRelayerFee)
  putUint256(view, 224, value.nonce)
  putUint32(bytes, view, 256, value.deadline)
  return keccak(bytes)
}

const withdraw = withTypehash(10, WITHDRAW_TYPEHASH)
export function withdrawHashBytes(value: Withdraw): Uint8Array {
  const { bytes, view } = withdraw
  putAddress(bytes, 32, value.account)
  putUint256(view, 64, value.chainId)
  putAddress(bytes, 96, value.token)
  putUint256(view, 128, value.amount)
  putAddress(bytes, 160, value.to)
  putUint32(bytes, view, 192, value.maxFastFeeBps)
  putUint256(view, 224, value.maxRelayerFee)
  putUint256(view, 256, value.nonce)
  putUint32(bytes, view, 288, value.deadline)
  return keccak(bytes)
}

const engineSeparators = new Map<string, Uint8Array>()
const engineDomain = withTypehash(5, ENGINE_DOMAIN_TYPEHASH)
engineDomain.bytes.set(keccakString(ENGINE_DOMAIN.name), 32)
engineDomain.bytes.set(keccakString(ENGINE_DOMAIN.version), 64)
/** The engine's EIP-712 domain separator, computed once per (chain, engine). */
export function engineDomainSeparatorBytes(chainId: bigint, engine: string): Uint8Array {
  const key = `${chainId}:${engine.toLowerCase()}`
  const cached = engineSeparators.get(key)
  if (cached) return cached
  putUint256(engineDomain.view, 96, chainId)
  putAddress(engineDomain.bytes, 128, engine)
  const separator = keccak(engineDomain.bytes)
  // Bounded, so that hostile input naming endless engines cannot grow it.
  if (engineSeparators.size >= 256) engineSeparators.clear()
  engineSeparators.set(key, separator)
  return separator
}

/** An action's struct hash and the digest its account signs, under the engine's domain. */
export function actionHashesBytes(
  action: Action,
  domain: ActionDomain,
): { actionHash: Uint8Array; digest: Uint8Array } {
  const actionHash =
    action.kind === 'trade' ? tradeHashBytes(action.message) : withdrawHashBytes(action.message)
  const digest = typedDataDigestBytes(engineDomainSeparatorBytes(domain.chainId, domain.engine), actionHash)
  return { actionHash, digest }
}
