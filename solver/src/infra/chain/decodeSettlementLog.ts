import { loadArtifact } from '@xmargin/settlement-contracts/deploy'
import { type Abi, type Address, decodeEventLog, getAddress, type Hex, isAddress, type Log } from 'viem'
import type { TimelineKind } from '../../domain/timeline.ts'
import { ChainUnavailableError } from '../../errors.ts'
import { decodeOriginData } from './decodeOriginData.ts'

export type SettlementContract = 'vault' | 'engine'

/**
 * One settlement event as the timeline tells it, before the watcher adds the block's time and the
 * log's place. `actorIsSender`: the event names no actor, so the transaction's sender is one (the
 * opener of `Open`, the keeper of `OrderExpired`, the trader of `Closed`).
 */
export type DecodedSettlementLog = {
  orderId: Hex
  kind: TimelineKind
  actor?: Address
  actorIsSender: boolean
  detail: Record<string, string | number | boolean>
}

// Read when first used (loadArtifact caches), not at import: commands that never touch a chain must
// load without the contracts built.
const ARTIFACT_OF: Record<SettlementContract, string> = {
  vault: 'CollateralVault.sol',
  engine: 'MarginEngine.sol',
}
const abiOf = (contract: SettlementContract): Abi => loadArtifact(ARTIFACT_OF[contract]).abi

type Args = Record<string, unknown>

/**
 * Decodes a vault or engine log into a timeline event; `undefined` for events that are no order's
 * story (configuration, duplicates ignored) or that the contract's ABI does not know.
 */
export function decodeSettlementLog(
  contract: SettlementContract,
  log: Pick<Log, 'data' | 'topics'>,
): DecodedSettlementLog | undefined {
  let eventName: string | undefined
  let args: Args
  try {
    const decoded = decodeEventLog({ abi: abiOf(contract), data: log.data, topics: log.topics, strict: true })
    eventName = decoded.eventName
    const named: unknown = decoded.args
    if (typeof named !== 'object' || named === null || Array.isArray(named)) return undefined
    args = named as Args
  } catch {
    return undefined
  }
  const decode = contract === 'vault' ? VAULT_EVENTS[eventName ?? ''] : ENGINE_EVENTS[eventName ?? '']
  return decode?.(args)
}

type EventDecoder = (args: Args) => DecodedSettlementLog

const VAULT_EVENTS: Record<string, EventDecoder> = {
  Open: (a) => decodeOpen(a),
  FeePaid: (a) => ({
    orderId: hex(a, 'orderId'),
    kind: 'fee-paid',
    actor: address(a, 'filler'),
    actorIsSender: false,
    detail: { feeBps: Number(uint(a, 'feeBps')), amount: uint(a, 'amount').toString() },
  }),
  Refunded: (a) => ({
    orderId: hex(a, 'orderId'),
    kind: 'refunded',
    actor: address(a, 'trader'),
    actorIsSender: false,
    detail: {
      amount: uint(a, 'amount').toString(),
      opener: address(a, 'opener'),
      slashed: uint(a, 'slashed').toString(),
    },
  }),
  Released: (a) => payout('released', a),
  Seized: (a) => payout('seized', a),
}

const ENGINE_EVENTS: Record<string, EventDecoder> = {
  Filled: (a) => ({
    orderId: hex(a, 'orderId'),
    kind: 'filled',
    actor: address(a, 'filler'),
    actorIsSender: false,
    detail: {
      account: address(a, 'account'),
      entryPrice: uint(a, 'entryPrice').toString(),
      front: uint(a, 'front').toString(),
      feeBps: Number(uint(a, 'feeBps')),
    },
  }),
  Backed: (a) => ({
    orderId: hex(a, 'orderId'),
    kind: 'backed',
    actorIsSender: false,
    detail: { collateral: uint(a, 'collateral').toString(), frontRepaid: uint(a, 'frontRepaid').toString() },
  }),
  Closed: (a) => ({
    orderId: hex(a, 'orderId'),
    kind: 'closed',
    actorIsSender: true,
    detail: {
      exitPrice: uint(a, 'exitPrice').toString(),
      pnl: int(a, 'pnl').toString(),
      debt: uint(a, 'debt').toString(),
    },
  }),
  Liquidated: (a) => ({
    orderId: hex(a, 'orderId'),
    kind: 'liquidated',
    actor: address(a, 'keeper'),
    actorIsSender: false,
    detail: {
      markPrice: uint(a, 'markPrice').toString(),
      pnl: int(a, 'pnl').toString(),
      debt: uint(a, 'debt').toString(),
    },
  }),
  DebtSettled: (a) => ({
    orderId: hex(a, 'orderId'),
    kind: 'debt-settled',
    actor: address(a, 'keeper'),
    actorIsSender: false,
    detail: {
      paid: uint(a, 'paid').toString(),
      collateralSeized: uint(a, 'collateralSeized').toString(),
      badDebt: uint(a, 'badDebt').toString(),
    },
  }),
  WithdrawalRequested: (a) => ({
    orderId: hex(a, 'orderId'),
    kind: 'withdrawal-requested',
    actor: address(a, 'to'),
    actorIsSender: false,
    detail: {
      sequence: Number(uint(a, 'sequence')),
      amount: uint(a, 'amount').toString(),
      to: address(a, 'to'),
    },
  }),
  OrderExpired: (a) => ({ orderId: hex(a, 'orderId'), kind: 'expired', actorIsSender: true, detail: {} }),
}

/**
 * ERC-7683 `Open`: the detail carries what a keeper needs to expire the order later (`originData`
 * exactly as opened, `fillDeadline`) and what a reader wants to see of the order.
 */
function decodeOpen(a: Args): DecodedSettlementLog {
  const resolved = record(a.resolvedOrder, 'resolvedOrder')
  const instructions = resolved.fillInstructions
  const first = Array.isArray(instructions) ? (instructions[0] as unknown) : undefined
  const originData = hex(record(first, 'fillInstructions[0]'), 'originData')
  const detail: Record<string, string | number | boolean> = {
    trader: address(resolved, 'user'),
    openDeadline: Number(uint(resolved, 'openDeadline')),
    fillDeadline: Number(uint(resolved, 'fillDeadline')),
    originData,
  }
  try {
    const { orderData: o } = decodeOriginData(originData).intent
    Object.assign(detail, {
      destinationChainId: Number(o.destinationChainId),
      destinationSettler: o.destinationSettler,
      market: o.market,
      isLong: o.isLong,
      size: o.size.toString(),
      collateralToken: o.collateralToken,
      collateralAmount: o.collateralAmount.toString(),
      maxFeeBps: o.fee.maxBps,
      route: o.route,
    })
  } catch {
    // Not an xmargin order body: the keeper and readers still get the raw originData.
  }
  return { orderId: hex(a, 'orderId'), kind: 'opened', actorIsSender: true, detail }
}

function payout(kind: 'released' | 'seized', a: Args): DecodedSettlementLog {
  return {
    orderId: hex(a, 'orderId'),
    kind,
    actor: address(a, 'to'),
    actorIsSender: false,
    detail: {
      sequence: Number(uint(a, 'sequence')),
      to: address(a, 'to'),
      amount: uint(a, 'amount').toString(),
    },
  }
}

function record(value: unknown, name: string): Args {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Args
  throw nonsense(name)
}

function hex(a: Args, name: string): Hex {
  const value = a[name]
  if (typeof value === 'string' && value.startsWith('0x')) return value as Hex
  throw nonsense(name)
}

function address(a: Args, name: string): Address {
  const value = a[name]
  if (typeof value === 'string' && isAddress(value)) return getAddress(value)
  throw nonsense(name)
}

/** Unsigned ints: viem gives bigint above 48 bits and number below. */
function uint(a: Args, name: string): bigint {
  const value = a[name]
  if (typeof value === 'bigint' && value >= 0n) return value
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  throw nonsense(name)
}

function int(a: Args, name: string): bigint {
  const value = a[name]
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  throw nonsense(name)
}

function nonsense(name: string): ChainUnavailableError {
  return new ChainUnavailableError(
    'CHAIN_UNAVAILABLE',
    `settlement event field ${name} has an unexpected shape`,
    {
      field: name,
    },
  )
}
