import { type IntentError, InvalidFieldError } from '../errors.ts'
import {
  type JsonObject,
  readAddress,
  readObject,
  readString,
  readUint,
  readUint256,
} from '../internal/schema.ts'
import { keysOf, readInt256, readSignature } from './internal/schema.ts'
import type { Action, ActionDocument, Trade, Withdraw } from './types.ts'
import { validateAction } from './validateAction.ts'

export type DecodeActionReturnType = ActionDocument
/** Codec errors (`MISSING_FIELD`, `UNKNOWN_FIELD`, `INVALID_FIELD`) and every {@link validateAction} error. */
export type DecodeActionErrorType = IntentError

/**
 * Reads an action document from a parsed JSON value:
 * `{ "kind": "trade" | "withdraw", "chainId": "…", "engine": "0x…", "message": {…}, "signature"?: "0x…" }`,
 * where `kind` names the EIP-712 type of `message` and `chainId`/`engine` its domain. Strict types,
 * unknown fields refused, then every rule of {@link validateAction}. Errors name the field path.
 */
export function decodeAction(value: unknown): DecodeActionReturnType {
  const document = readObject(
    value,
    '',
    keysOf(value, ['kind', 'chainId', 'engine', 'message'], ['signature']),
  )
  const action = readAction(document)
  const domain = {
    chainId: readUint256(document, '', 'chainId'),
    engine: readAddress(document, '', 'engine'),
  }
  validateAction({ action, ...domain })
  if (document.signature === undefined) return { ...action, ...domain }
  return { ...action, ...domain, signature: readSignature(document, '', 'signature') }
}

function readAction(document: JsonObject): Action {
  if (document.kind === 'trade') return { kind: 'trade', message: readTrade(document.message) }
  if (document.kind === 'withdraw') return { kind: 'withdraw', message: readWithdraw(document.message) }
  throw new InvalidFieldError('kind', '"trade" or "withdraw"', document.kind)
}

function readTrade(value: unknown): Trade {
  const path = 'message'
  const trade = readObject(value, path, [
    'account',
    'market',
    'sizeDelta',
    'limitPrice',
    'maxLeverageBps',
    'maxRelayerFee',
    'nonce',
    'deadline',
  ])
  return {
    account: readAddress(trade, path, 'account'),
    market: readString(trade, path, 'market', 32),
    sizeDelta: readInt256(trade, path, 'sizeDelta'),
    limitPrice: readUint256(trade, path, 'limitPrice'),
    maxLeverageBps: readUint(trade, path, 'maxLeverageBps', 32),
    maxRelayerFee: readUint256(trade, path, 'maxRelayerFee'),
    nonce: readUint256(trade, path, 'nonce'),
    deadline: readUint(trade, path, 'deadline', 32),
  }
}

function readWithdraw(value: unknown): Withdraw {
  const path = 'message'
  const withdraw = readObject(value, path, [
    'account',
    'chainId',
    'token',
    'amount',
    'to',
    'maxFastFeeBps',
    'maxRelayerFee',
    'nonce',
    'deadline',
  ])
  return {
    account: readAddress(withdraw, path, 'account'),
    chainId: readUint256(withdraw, path, 'chainId'),
    token: readAddress(withdraw, path, 'token'),
    amount: readUint256(withdraw, path, 'amount'),
    to: readAddress(withdraw, path, 'to'),
    maxFastFeeBps: readUint(withdraw, path, 'maxFastFeeBps', 16),
    maxRelayerFee: readUint256(withdraw, path, 'maxRelayerFee'),
    nonce: readUint256(withdraw, path, 'nonce'),
    deadline: readUint(withdraw, path, 'deadline', 32),
  }
}
