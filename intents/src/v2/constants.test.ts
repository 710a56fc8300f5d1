import { createRequire } from 'node:module'
import { keccak256, toHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { FEE_SCHEDULE_TYPE, TOKEN_PERMISSIONS_TYPE } from '../constants.ts'
import { ACTION_TYPES } from './actionTypedData.ts'
import {
  ATTACHED_TRADE_TYPE,
  ATTACHED_TRADE_TYPEHASH,
  DEPOSIT_ORDER_TYPE,
  DEPOSIT_ORDER_TYPEHASH,
  ENGINE_DOMAIN_TYPEHASH,
  GASLESS_CROSS_CHAIN_ORDER_TYPE,
  GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
  PERMIT_WITNESS_TRANSFER_FROM_TYPE,
  PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
  PERMIT2_WITNESS_TYPE_STRING,
  TRADE_TYPE,
  TRADE_TYPEHASH,
  WITHDRAW_TYPE,
  WITHDRAW_TYPEHASH,
} from './constants.ts'
import { DEPOSIT_INTENT_TYPES } from './depositIntentTypedData.ts'

type TypedDataEncoder = { encodeType(name: string): string }
// ethers v5 (Permit2 SDK's encoder): an independent encodeType to agree with.
const { _TypedDataEncoder } = createRequire(import.meta.url)('@ethersproject/hash') as {
  _TypedDataEncoder: { from(types: object): TypedDataEncoder }
}

// Copied from docs/protocol-v2.md, character for character: the text every package builds against.
const SPEC = {
  AttachedTrade: 'AttachedTrade(string market,int256 sizeDelta,uint256 limitPrice,uint32 maxLeverageBps)',
  DepositOrder:
    'DepositOrder(address token,uint256 amount,uint256 destinationChainId,address engine,address account,string route,FeeSchedule fee,AttachedTrade trade)',
  FeeSchedule: 'FeeSchedule(uint16 startBps,uint16 maxBps,uint32 startTime,uint32 endTime)',
  GaslessCrossChainOrder:
    'GaslessCrossChainOrder(address originSettler,address user,uint256 nonce,uint256 originChainId,uint32 openDeadline,uint32 fillDeadline,bytes32 orderDataType,DepositOrder orderData)',
  Trade:
    'Trade(address account,string market,int256 sizeDelta,uint256 limitPrice,uint32 maxLeverageBps,uint256 maxRelayerFee,uint256 nonce,uint32 deadline)',
  Withdraw:
    'Withdraw(address account,uint256 chainId,address token,uint256 amount,address to,uint16 maxFastFeeBps,uint256 maxRelayerFee,uint256 nonce,uint32 deadline)',
}

describe('v2 type strings', () => {
  test('are the specification’s, character for character', () => {
    expect({
      AttachedTrade: ATTACHED_TRADE_TYPE,
      DepositOrder: DEPOSIT_ORDER_TYPE,
      FeeSchedule: FEE_SCHEDULE_TYPE,
      GaslessCrossChainOrder: GASLESS_CROSS_CHAIN_ORDER_TYPE,
      Trade: TRADE_TYPE,
      Withdraw: WITHDRAW_TYPE,
    }).toEqual(SPEC)
  })

  test('type hashes are keccak256 of encodeType as ethers computes it from the typed-data types', () => {
    const deposit = _TypedDataEncoder.from(DEPOSIT_INTENT_TYPES)
    expect(deposit.encodeType('DepositOrder')).toBe(SPEC.DepositOrder + SPEC.AttachedTrade + SPEC.FeeSchedule)
    expect(keccak256(toHex(deposit.encodeType('AttachedTrade')))).toBe(ATTACHED_TRADE_TYPEHASH)
    expect(keccak256(toHex(deposit.encodeType('DepositOrder')))).toBe(DEPOSIT_ORDER_TYPEHASH)
    expect(keccak256(toHex(deposit.encodeType('GaslessCrossChainOrder')))).toBe(
      GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
    )
    expect(deposit.encodeType('PermitWitnessTransferFrom')).toBe(PERMIT_WITNESS_TRANSFER_FROM_TYPE)
    expect(keccak256(toHex(PERMIT_WITNESS_TRANSFER_FROM_TYPE))).toBe(PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH)
    expect(_TypedDataEncoder.from({ Trade: ACTION_TYPES.Trade }).encodeType('Trade')).toBe(SPEC.Trade)
    expect(_TypedDataEncoder.from({ Withdraw: ACTION_TYPES.Withdraw }).encodeType('Withdraw')).toBe(
      SPEC.Withdraw,
    )
    expect(keccak256(toHex(SPEC.Trade))).toBe(TRADE_TYPEHASH)
    expect(keccak256(toHex(SPEC.Withdraw))).toBe(WITHDRAW_TYPEHASH)
    expect(ENGINE_DOMAIN_TYPEHASH).toBe(
      keccak256(toHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)')),
    )
  })

  test('the Permit2 witness type string appends every referenced struct alphabetically', () => {
    expect(PERMIT2_WITNESS_TYPE_STRING).toBe(
      `GaslessCrossChainOrder witness)${SPEC.AttachedTrade}${SPEC.DepositOrder}${SPEC.FeeSchedule}${SPEC.GaslessCrossChainOrder}${TOKEN_PERMISSIONS_TYPE}`,
    )
    const structs = [...PERMIT2_WITNESS_TYPE_STRING.matchAll(/\)([A-Za-z0-9]+)\(/g)].map((m) => m[1])
    expect(structs).toEqual([
      'AttachedTrade',
      'DepositOrder',
      'FeeSchedule',
      'GaslessCrossChainOrder',
      'TokenPermissions',
    ])
  })
})
