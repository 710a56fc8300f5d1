import { MARKET_PATTERN, MAX_LEVERAGE_BPS, MIN_LEVERAGE_BPS, ROUTE_PATTERN } from '../constants.ts'
import {
  DeadlineOrderError,
  ExpiredError,
  type FeeScheduleError,
  InvalidFieldError,
  SameChainError,
  WrongChainError,
} from '../errors.ts'
import {
  MAX_UINT32,
  requireAddress,
  requireChainId,
  requireFeeSchedule,
  requireInt256,
  requireInteger,
  requirePattern,
  requireUint256,
} from './internal/rules.ts'
import type { AttachedTrade, DepositIntent } from './types.ts'

export type ValidateDepositIntentOptions = {
  /** Unix seconds; when given, an intent whose `openDeadline` has passed is rejected. */
  now?: number
  /** Only intents opening on this chain are accepted. */
  originChainId?: bigint
  /** Only intents naming this vault as origin settler are accepted. */
  originSettler?: string
}

export type ValidateDepositIntentErrorType =
  | InvalidFieldError
  | SameChainError
  | WrongChainError
  | DeadlineOrderError
  | ExpiredError
  | FeeScheduleError

/**
 * Checks every rule a deposit intent must satisfy apart from its signature: field ranges, the two
 * chains, the deadlines, the fee schedule and the attached trade (none, or a whole one). Throws the
 * first {@link ValidateDepositIntentErrorType} found, naming the field.
 */
export function validateDepositIntent(
  intent: DepositIntent,
  options: ValidateDepositIntentOptions = {},
): void {
  const order = intent.orderData
  requireAddress('order.originSettler', intent.originSettler)
  requireAddress('order.user', intent.user)
  requireUint256('order.nonce', intent.nonce, 0n)
  requireChainId('order.originChainId', intent.originChainId)
  requireInteger('order.openDeadline', intent.openDeadline, 0, MAX_UINT32)
  requireInteger('order.fillDeadline', intent.fillDeadline, 0, MAX_UINT32)
  requireAddress('order.orderData.token', order.token)
  requireUint256('order.orderData.amount', order.amount, 1n)
  requireChainId('order.orderData.destinationChainId', order.destinationChainId)
  requireAddress('order.orderData.engine', order.engine)
  requireAddress('order.orderData.account', order.account)
  requirePattern(
    'order.orderData.route',
    order.route,
    ROUTE_PATTERN,
    'a route id like hyperlane (a-z, 0-9, . _ : -)',
  )

  // The vault refuses a deposit into another account (AccountVault.DepositForAnotherAccount): a
  // stranger's deposit could carry a trade onto the whole account's margin.
  if (order.account.toLowerCase() !== intent.user.toLowerCase()) {
    throw new InvalidFieldError(
      'order.orderData.account',
      'the signer itself (order.user): a deposit funds its own account',
      order.account,
    )
  }
  if (intent.originChainId === order.destinationChainId) throw new SameChainError(intent.originChainId)
  if (options.originChainId !== undefined && options.originChainId !== intent.originChainId) {
    throw new WrongChainError('order.originChainId', options.originChainId, intent.originChainId)
  }
  if (
    options.originSettler !== undefined &&
    options.originSettler.toLowerCase() !== intent.originSettler.toLowerCase()
  ) {
    throw new WrongChainError('order.originSettler', options.originSettler, intent.originSettler)
  }
  if (intent.openDeadline > intent.fillDeadline) {
    throw new DeadlineOrderError(intent.openDeadline, intent.fillDeadline)
  }
  if (options.now !== undefined && options.now > intent.openDeadline) {
    throw new ExpiredError('order.openDeadline', intent.openDeadline, options.now)
  }
  requireFeeSchedule('order.orderData.fee', order.fee, intent.fillDeadline)
  validateAttachedTrade(order.trade)
}

const TRADE = 'order.orderData.trade'

function validateAttachedTrade(trade: AttachedTrade): void {
  if (typeof trade !== 'object' || trade === null) throw new InvalidFieldError(TRADE, 'an object', trade)
  requireInt256(`${TRADE}.sizeDelta`, trade.sizeDelta)
  requireUint256(`${TRADE}.limitPrice`, trade.limitPrice, 0n)
  requireInteger(`${TRADE}.maxLeverageBps`, trade.maxLeverageBps, 0, MAX_UINT32)
  if (trade.sizeDelta === 0n) {
    // No trade has one form only: nothing a reader could take for a trade's terms.
    if (trade.market !== '') {
      throw new InvalidFieldError(`${TRADE}.market`, '"" when sizeDelta is 0 (no trade)', trade.market)
    }
    if (trade.limitPrice !== 0n) {
      throw new InvalidFieldError(`${TRADE}.limitPrice`, '0 when sizeDelta is 0 (no trade)', trade.limitPrice)
    }
    if (trade.maxLeverageBps !== 0) {
      throw new InvalidFieldError(
        `${TRADE}.maxLeverageBps`,
        '0 when sizeDelta is 0 (no trade)',
        trade.maxLeverageBps,
      )
    }
    return
  }
  requirePattern(`${TRADE}.market`, trade.market, MARKET_PATTERN, 'a market symbol like ETH-USD')
  requireUint256(`${TRADE}.limitPrice`, trade.limitPrice, 1n)
  requireInteger(`${TRADE}.maxLeverageBps`, trade.maxLeverageBps, MIN_LEVERAGE_BPS, MAX_LEVERAGE_BPS)
}
