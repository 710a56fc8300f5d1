import { BPS, MARKET_PATTERN, MAX_LEVERAGE_BPS, MIN_LEVERAGE_BPS } from '../constants.ts'
import { ExpiredError, InvalidFieldError, WrongChainError } from '../errors.ts'
import {
  MAX_UINT32,
  requireAddress,
  requireChainId,
  requireInt256,
  requireInteger,
  requirePattern,
  requireUint256,
} from './internal/rules.ts'
import type { Action, ActionDomain, Trade, Withdraw } from './types.ts'

export type ValidateActionOptions = {
  /** Unix seconds; when given, an action whose `deadline` has passed is rejected. */
  now?: number
  /** Only actions for this destination chain are accepted. */
  chainId?: bigint
  /** Only actions for this engine are accepted. */
  engine?: string
}

export type ValidateActionErrorType = InvalidFieldError | WrongChainError | ExpiredError

export type ValidateActionParameters = ActionDomain & { action: Action }

/**
 * Checks every rule of a signed action apart from its signature: its kind, its domain (chain and
 * engine), field ranges and the deadline. Throws the first {@link ValidateActionErrorType} found,
 * naming the field (`message.amount`, `chainId`, …) as the JSON document spells it.
 */
export function validateAction(
  { action, chainId, engine }: ValidateActionParameters,
  options: ValidateActionOptions = {},
): void {
  requireChainId('chainId', chainId)
  requireAddress('engine', engine)
  if (options.chainId !== undefined && options.chainId !== chainId) {
    throw new WrongChainError('chainId', options.chainId, chainId)
  }
  if (options.engine !== undefined && options.engine.toLowerCase() !== engine.toLowerCase()) {
    throw new WrongChainError('engine', options.engine, engine)
  }
  if (typeof action.message !== 'object' || action.message === null) {
    throw new InvalidFieldError('message', 'an object', action.message)
  }
  if (action.kind === 'trade') validateTrade(action.message)
  else if (action.kind === 'withdraw') validateWithdraw(action.message)
  else throw new InvalidFieldError('kind', '"trade" or "withdraw"', (action as { kind: unknown }).kind)
  const { deadline } = action.message
  if (options.now !== undefined && options.now > deadline) {
    throw new ExpiredError('message.deadline', deadline, options.now)
  }
}

function validateTrade(trade: Trade): void {
  requireAddress('message.account', trade.account)
  requirePattern('message.market', trade.market, MARKET_PATTERN, 'a market symbol like ETH-USD')
  requireInt256('message.sizeDelta', trade.sizeDelta)
  if (trade.sizeDelta === 0n) {
    throw new InvalidFieldError('message.sizeDelta', 'a non-zero size (positive buys, negative sells)', 0n)
  }
  requireUint256('message.limitPrice', trade.limitPrice, 1n)
  requireInteger('message.maxLeverageBps', trade.maxLeverageBps, MIN_LEVERAGE_BPS, MAX_LEVERAGE_BPS)
  requireUint256('message.maxRelayerFee', trade.maxRelayerFee, 0n)
  requireUint256('message.nonce', trade.nonce, 0n)
  requireInteger('message.deadline', trade.deadline, 0, MAX_UINT32)
}

function validateWithdraw(withdraw: Withdraw): void {
  requireAddress('message.account', withdraw.account)
  requireChainId('message.chainId', withdraw.chainId)
  requireAddress('message.token', withdraw.token)
  requireUint256('message.amount', withdraw.amount, 1n)
  requireAddress('message.to', withdraw.to)
  requireInteger('message.maxFastFeeBps', withdraw.maxFastFeeBps, 0, BPS)
  requireUint256('message.maxRelayerFee', withdraw.maxRelayerFee, 0n)
  requireUint256('message.nonce', withdraw.nonce, 0n)
  requireInteger('message.deadline', withdraw.deadline, 0, MAX_UINT32)
}
