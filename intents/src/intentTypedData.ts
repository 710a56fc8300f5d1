import { createRequire } from 'node:module'
import type { Address, TypedDataDefinition } from 'viem'
import { MARGIN_ORDER_TYPEHASH, PERMIT2_ADDRESS } from './constants.ts'
import type { MarginIntent } from './types.ts'

/** The EIP-712 types of the witness, in the shape Permit2's SDK and every wallet take. */
export const INTENT_WITNESS_TYPES = {
  GaslessCrossChainOrder: [
    { name: 'originSettler', type: 'address' },
    { name: 'user', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'originChainId', type: 'uint256' },
    { name: 'openDeadline', type: 'uint32' },
    { name: 'fillDeadline', type: 'uint32' },
    { name: 'orderDataType', type: 'bytes32' },
    { name: 'orderData', type: 'MarginOrder' },
  ],
  MarginOrder: [
    { name: 'collateralToken', type: 'address' },
    { name: 'collateralAmount', type: 'uint256' },
    { name: 'destinationChainId', type: 'uint256' },
    { name: 'destinationSettler', type: 'address' },
    { name: 'recipient', type: 'address' },
    { name: 'market', type: 'string' },
    { name: 'isLong', type: 'bool' },
    { name: 'size', type: 'uint256' },
    { name: 'limitPrice', type: 'uint256' },
    { name: 'maxLeverageBps', type: 'uint32' },
    { name: 'fee', type: 'FeeSchedule' },
    { name: 'route', type: 'string' },
  ],
  FeeSchedule: [
    { name: 'startBps', type: 'uint16' },
    { name: 'maxBps', type: 'uint16' },
    { name: 'startTime', type: 'uint32' },
    { name: 'endTime', type: 'uint32' },
  ],
} as const

export const INTENT_TYPES = {
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
  ...INTENT_WITNESS_TYPES,
} as const

export type IntentTypedData = TypedDataDefinition<typeof INTENT_TYPES, 'PermitWitnessTransferFrom'> & {
  domain: { name: string; chainId: number; verifyingContract: Address }
}

type Permit2Sdk = {
  SignatureTransfer: {
    getPermitData(
      permit: {
        permitted: { token: string; amount: string }
        spender: string
        nonce: string
        deadline: number
      },
      permit2Address: string,
      chainId: number,
      witness: { witness: unknown; witnessTypeName: string; witnessType: Record<string, unknown> },
    ): {
      domain: { name: string; chainId: number; verifyingContract: string }
      values: { nonce: string; deadline: number; witness: unknown }
    }
  }
}

// Uniswap's Permit2 SDK builds the Permit2 side. It speaks ethers v5 (and its ESM build does not load in
// Node), so it is required as CommonJS and only ever sees and returns plain strings and numbers.
const permit2Sdk = createRequire(import.meta.url)('@uniswap/permit2-sdk') as Permit2Sdk

/**
 * The full EIP-712 typed data the trader signs: Permit2 `PermitWitnessTransferFrom` whose spender is
 * the origin vault, with the intent as the `GaslessCrossChainOrder` witness.
 */
export function intentTypedData(intent: MarginIntent): IntentTypedData {
  const { orderData } = intent
  const witness = {
    originSettler: intent.originSettler,
    user: intent.user,
    nonce: intent.nonce,
    originChainId: intent.originChainId,
    openDeadline: intent.openDeadline,
    fillDeadline: intent.fillDeadline,
    orderDataType: MARGIN_ORDER_TYPEHASH,
    orderData,
  }
  const { domain, values } = permit2Sdk.SignatureTransfer.getPermitData(
    {
      permitted: { token: orderData.collateralToken, amount: orderData.collateralAmount.toString() },
      spender: intent.originSettler,
      nonce: intent.nonce.toString(),
      deadline: intent.openDeadline,
    },
    PERMIT2_ADDRESS,
    Number(intent.originChainId),
    { witness, witnessTypeName: 'GaslessCrossChainOrder', witnessType: INTENT_WITNESS_TYPES },
  )
  return {
    domain: {
      name: domain.name,
      // A number, not a bigint: wallets compare it with their active chain id.
      chainId: domain.chainId,
      verifyingContract: domain.verifyingContract as Address,
    },
    types: INTENT_TYPES,
    primaryType: 'PermitWitnessTransferFrom',
    message: {
      permitted: { token: orderData.collateralToken, amount: orderData.collateralAmount },
      spender: intent.originSettler,
      nonce: BigInt(values.nonce),
      deadline: BigInt(values.deadline),
      witness,
    },
  }
}
