import {
  BPS,
  MARKET_PATTERN,
  MAX_LEVERAGE_BPS,
  type MarginIntent,
  MIN_LEVERAGE_BPS,
  ROUTE_PATTERN,
  validateIntent,
} from '@xmargin/intents'
import type { Address } from 'viem'
import { UsageError } from '../errors.ts'
import { parseAddressFlag, parseBigIntFlag, parseDecimalFlag, parseIntegerFlag } from './parseFlag.ts'

/** The terms of `xmargin intent new`, as typed on the command line. */
export type IntentFlags = {
  vault: string
  engine: string
  token: string
  amount: string
  decimals: string
  originChain: string
  destinationChain: string
  market: string
  side: 'long' | 'short'
  size: string
  limitPrice: string
  maxLeverage: string
  feeStartBps: string
  feeMaxBps: string
  feeRamp: string
  openIn: string
  fillIn: string
  route: string
  nonce?: string | undefined
  recipient?: string | undefined
}

export type BuildIntentParameters = {
  flags: IntentFlags
  trader: Address
  /** Unix seconds the deadlines and the fee ramp count from. */
  now: number
  /** The Permit2 nonce when `--nonce` is not given. */
  defaultNonce: bigint
}

/** Sizes and prices are 18-decimal fixed point; leverage is basis points of 1×. */
const WAD_DECIMALS = 18
const BPS_DECIMALS = 4
/** No intent should live longer than this; a typo of an extra digit is caught here. */
const MAX_DURATION = 365 * 24 * 60 * 60

/**
 * Turns command-line terms into an intent: decimals into base units, durations into deadlines counted
 * from `now`. Errors name the flag; the result passes every rule of `validateIntent`.
 */
export function buildIntent({ flags, trader, now, defaultNonce }: BuildIntentParameters): MarginIntent {
  const decimals = parseIntegerFlag('decimals', flags.decimals, 77)
  const feeRamp = parseIntegerFlag('fee-ramp', flags.feeRamp, MAX_DURATION)
  const openIn = parseIntegerFlag('open-in', flags.openIn, MAX_DURATION)
  const fillIn = parseIntegerFlag('fill-in', flags.fillIn, MAX_DURATION)
  if (openIn > fillIn) throw new UsageError(`--open-in (${openIn}) must not exceed --fill-in (${fillIn})`)
  // The fee must reach its maximum while the order can still be filled.
  if (feeRamp > fillIn) throw new UsageError(`--fee-ramp (${feeRamp}) must not exceed --fill-in (${fillIn})`)
  if (!MARKET_PATTERN.test(flags.market)) {
    throw new UsageError(`--market: expected a symbol like ETH-USD, got ${JSON.stringify(flags.market)}`)
  }
  if (!ROUTE_PATTERN.test(flags.route)) {
    throw new UsageError(
      `--route: expected a route id like hyperlane (a-z, 0-9, . _ : -), got ${JSON.stringify(flags.route)}`,
    )
  }

  const intent: MarginIntent = {
    originSettler: parseAddressFlag('vault', flags.vault),
    user: trader,
    nonce: flags.nonce === undefined ? defaultNonce : parseBigIntFlag('nonce', flags.nonce),
    originChainId: parseBigIntFlag('origin-chain', flags.originChain),
    openDeadline: now + openIn,
    fillDeadline: now + fillIn,
    orderData: {
      collateralToken: parseAddressFlag('token', flags.token),
      collateralAmount: positive('amount', parseDecimalFlag('amount', flags.amount, decimals)),
      destinationChainId: parseBigIntFlag('destination-chain', flags.destinationChain),
      destinationSettler: parseAddressFlag('engine', flags.engine),
      recipient: flags.recipient === undefined ? trader : parseAddressFlag('recipient', flags.recipient),
      market: flags.market,
      isLong: flags.side === 'long',
      size: positive('size', parseDecimalFlag('size', flags.size, WAD_DECIMALS)),
      limitPrice: positive('limit-price', parseDecimalFlag('limit-price', flags.limitPrice, WAD_DECIMALS)),
      maxLeverageBps: leverageBps(flags.maxLeverage),
      fee: {
        startBps: parseIntegerFlag('fee-start-bps', flags.feeStartBps, BPS),
        maxBps: parseIntegerFlag('fee-max-bps', flags.feeMaxBps, BPS),
        startTime: now,
        endTime: now + feeRamp,
      },
      route: flags.route,
    },
  }
  // Whatever the flags missed (same chain twice, a falling fee) is reported by the rule that fails.
  validateIntent(intent)
  return intent
}

function positive(flag: string, value: bigint): bigint {
  if (value === 0n) throw new UsageError(`--${flag}: must be more than 0`)
  return value
}

function leverageBps(value: string): number {
  const bps = parseDecimalFlag('max-leverage', value, BPS_DECIMALS)
  if (bps < BigInt(MIN_LEVERAGE_BPS) || bps > BigInt(MAX_LEVERAGE_BPS)) {
    throw new UsageError(
      `--max-leverage: expected ${MIN_LEVERAGE_BPS / BPS} to ${MAX_LEVERAGE_BPS / BPS} (times), got ${JSON.stringify(value)}`,
    )
  }
  return Number(bps)
}
