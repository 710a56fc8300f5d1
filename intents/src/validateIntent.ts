import { isAddress, zeroAddress } from 'viem'
import {
  BPS,
  MARKET_PATTERN,
  MAX_CHAIN_ID,
  MAX_LEVERAGE_BPS,
  MIN_LEVERAGE_BPS,
  ROUTE_PATTERN,
} from './constants.ts'
import {
  DeadlineOrderError,
  ExpiredError,
  FeeScheduleError,
  InvalidFieldError,
  SameChainError,
  WrongChainError,
} from './errors.ts'
import type { MarginIntent } from './types.ts'

export type ValidateIntentOptions = {
  /** Unix seconds; when given, an intent whose `openDeadline` has passed is rejected. */
  now?: number
  /** Only intents opening on this chain are accepted (a node serves a set of chains). */
  originChainId?: bigint
  /** Only intents naming this vault as origin settler are accepted. */
  originSettler?: string
}

export type ValidateIntentErrorType =
  | InvalidFieldError
  | SameChainError
  | WrongChainError
  | DeadlineOrderError
  | ExpiredError
  | FeeScheduleError

const MAX_UINT256 = 2n ** 256n - 1n
const MAX_UINT32 = 2 ** 32 - 1

/**
 * Checks every rule an intent must satisfy apart from its signature: field ranges, the two chains,
 * the deadlines and the shape of the fee schedule. Throws the first {@link ValidateIntentErrorType}
 * found, naming the field; returns nothing when the intent is well-formed.
 */
export function validateIntent(intent: MarginIntent, options: ValidateIntentOptions = {}): void {
  const order = intent.orderData
  address('order.originSettler', intent.originSettler)
  address('order.user', intent.user)
  address('order.orderData.collateralToken', order.collateralToken)
  address('order.orderData.destinationSettler', order.destinationSettler)
  address('order.orderData.recipient', order.recipient)
  uint256('order.nonce', intent.nonce, 0n)
  chainId('order.originChainId', intent.originChainId)
  chainId('order.orderData.destinationChainId', order.destinationChainId)
  uint32('order.openDeadline', intent.openDeadline, 0, MAX_UINT32)
  uint32('order.fillDeadline', intent.fillDeadline, 0, MAX_UINT32)
  uint256('order.orderData.collateralAmount', order.collateralAmount, 1n)
  uint256('order.orderData.size', order.size, 1n)
  uint256('order.orderData.limitPrice', order.limitPrice, 1n)
  uint32('order.orderData.maxLeverageBps', order.maxLeverageBps, MIN_LEVERAGE_BPS, MAX_LEVERAGE_BPS)
  if (typeof order.isLong !== 'boolean') throw new InvalidFieldError('order.orderData.isLong', 'a boolean')
  pattern('order.orderData.market', order.market, MARKET_PATTERN, 'a market symbol like ETH-USD')
  pattern(
    'order.orderData.route',
    order.route,
    ROUTE_PATTERN,
    'a route id like hyperlane (a-z, 0-9, . _ : -)',
  )

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
  validateFeeSchedule(intent)
}

function validateFeeSchedule(intent: MarginIntent): void {
  const fee = intent.orderData.fee
  uint32('order.orderData.fee.startBps', fee.startBps, 0, BPS)
  uint32('order.orderData.fee.maxBps', fee.maxBps, 0, BPS)
  uint32('order.orderData.fee.startTime', fee.startTime, 0, MAX_UINT32)
  uint32('order.orderData.fee.endTime', fee.endTime, 0, MAX_UINT32)
  if (fee.startBps > fee.maxBps) {
    throw new FeeScheduleError(
      'order.orderData.fee.startBps',
      `start fee ${fee.startBps} exceeds max fee ${fee.maxBps}`,
    )
  }
  if (fee.startTime > fee.endTime) {
    throw new FeeScheduleError(
      'order.orderData.fee.startTime',
      `starts (${fee.startTime}) after it ends (${fee.endTime})`,
    )
  }
  if (fee.startTime === fee.endTime && fee.startBps !== fee.maxBps) {
    throw new FeeScheduleError('order.orderData.fee.endTime', 'a rising fee needs endTime after startTime')
  }
  // A maximum reached only after the fill deadline would be a fee nobody can ever charge.
  if (fee.endTime > intent.fillDeadline) {
    throw new FeeScheduleError(
      'order.orderData.fee.endTime',
      `ends (${fee.endTime}) after order.fillDeadline (${intent.fillDeadline})`,
    )
  }
}

function address(field: string, value: string): void {
  // Strict: a mixed-case address with a wrong EIP-55 checksum is a typo, not an address.
  if (typeof value !== 'string' || !isAddress(value)) {
    throw new InvalidFieldError(field, 'a 20-byte hex address (EIP-55 checksum if mixed case)', value)
  }
  if (value.toLowerCase() === zeroAddress) throw new InvalidFieldError(field, 'a non-zero address', value)
}

function uint256(field: string, value: bigint, min: bigint): void {
  if (typeof value !== 'bigint' || value < min || value > MAX_UINT256) {
    throw new InvalidFieldError(field, `an integer from ${min} to 2^256-1`, value)
  }
}

function chainId(field: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 1n || value > MAX_CHAIN_ID) {
    throw new InvalidFieldError(field, `a chain id from 1 to ${MAX_CHAIN_ID}`, value)
  }
}

function uint32(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidFieldError(field, `an integer from ${min} to ${max}`, value)
  }
}

function pattern(field: string, value: string, re: RegExp, expected: string): void {
  if (typeof value !== 'string' || !re.test(value)) throw new InvalidFieldError(field, expected, value)
}
