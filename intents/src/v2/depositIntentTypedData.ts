import type { Address, TypedDataDefinition } from 'viem'
import { PERMIT2_ADDRESS } from '../constants.ts'
import { DEPOSIT_ORDER_TYPEHASH } from './constants.ts'
import type { DepositIntent } from './types.ts'

/** The EIP-712 types of the v2 witness, in the shape Permit2's SDK and every wallet take. */
export const DEPOSIT_INTENT_WITNESS_TYPES = {
  GaslessCrossChainOrder: [
    { name: 'originSettler', type: 'address' },
    { name: 'user', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'originChainId', type: 'uint256' },
    { name: 'openDeadline', type: 'uint32' },
    { name: 'fillDeadline', type: 'uint32' },
    { name: 'orderDataType', type: 'bytes32' },
    { name: 'orderData', type: 'DepositOrder' },
  ],
  DepositOrder: [
    { name: 'token', type: 'address' },
    { name: 'amount', type: 'uint256' },
    { name: 'destinationChainId', type: 'uint256' },
    { name: 'engine', type: 'address' },
    { name: 'account', type: 'address' },
    { name: 'route', type: 'string' },
    { name: 'fee', type: 'FeeSchedule' },
    { name: 'trade', type: 'AttachedTrade' },
  ],
  FeeSchedule: [
    { name: 'startBps', type: 'uint16' },
    { name: 'maxBps', type: 'uint16' },
    { name: 'startTime', type: 'uint32' },
    { name: 'endTime', type: 'uint32' },
  ],
  AttachedTrade: [
    { name: 'market', type: 'string' },
    { name: 'sizeDelta', type: 'int256' },
    { name: 'limitPrice', type: 'uint256' },
    { name: 'maxLeverageBps', type: 'uint32' },
  ],
} as const

export const DEPOSIT_INTENT_TYPES = {
  PermitWitnessTransferFrom: [
    { name: 'permitted', type: 'TokenPermissions' },
    { name: 'spender', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
    { name: 'witness', type: 'GaslessCrossChainOrder' },
  ],
  TokenPermissions: [
    { name: 'token', type: 'address' },
    { name: 'amount', type: 'uint256' },
  ],
  ...DEPOSIT_INTENT_WITNESS_TYPES,
} as const

export type DepositIntentTypedData = TypedDataDefinition<
  typeof DEPOSIT_INTENT_TYPES,
  'PermitWitnessTransferFrom'
> & { domain: { name: string; chainId: number; verifyingContract: Address } }

/**
 * The full EIP-712 typed data the trader signs: Permit2 `PermitWitnessTransferFrom` of `amount` of
 * `token`, spender the origin vault, nonce the intent's, deadline `openDeadline`, with the intent as
 * the `GaslessCrossChainOrder` witness, under Permit2's domain on the origin chain.
 */
export function depositIntentTypedData(intent: DepositIntent): DepositIntentTypedData {
  const { orderData } = intent
  return {
    // chainId a number, not a bigint: wallets compare it with their active chain id.
    domain: { name: 'Permit2', chainId: Number(intent.originChainId), verifyingContract: PERMIT2_ADDRESS },
    types: DEPOSIT_INTENT_TYPES,
    primaryType: 'PermitWitnessTransferFrom',
    message: {
      permitted: { token: orderData.token, amount: orderData.amount },
      spender: intent.originSettler,
      nonce: intent.nonce,
      deadline: BigInt(intent.openDeadline),
      witness: {
        originSettler: intent.originSettler,
        user: intent.user,
        nonce: intent.nonce,
        originChainId: intent.originChainId,
        openDeadline: intent.openDeadline,
        fillDeadline: intent.fillDeadline,
        orderDataType: DEPOSIT_ORDER_TYPEHASH,
        orderData,
      },
    },
  }
}
