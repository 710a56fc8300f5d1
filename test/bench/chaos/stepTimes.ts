import type { SolverNode } from '@xmargin/solver'
import type { Hex } from 'viem'
import type { RpcProxy } from '../../solver/rpcProxy.ts'
import type { SettlementWatch } from './watchSettlement.ts'

/** The steps of one order's way to its fill, in the order they happen. */
export const STEPS = [
  'received',
  'bid',
  'won',
  'open sent',
  'open block',
  'open seen',
  'fill sent',
  'fill seen',
] as const
export type Step = (typeof STEPS)[number]

export type StepTimesParameters = {
  orderId: string
  nodes: readonly SolverNode[]
  watch: SettlementWatch
  /** Pass-through proxies in front of each chain: they saw each transaction go out. */
  originProxy: RpcProxy
  destinationProxy: RpcProxy
}

/**
 * Wall clock (ms) of each step of an order, from the filler's own timeline (received, its bid — the
 * quote is done when it is signed —, the slot won), the proxies (the open and the fill handed to the
 * chain), the `Open`'s block time (whole seconds) and the bench's chain watch (the `Open` and `Filled`
 * seen, late by its polling lag). A step not reached is absent.
 */
export function stepTimes(parameters: StepTimesParameters): Partial<Record<Step, number>> {
  const { orderId, nodes, watch, originProxy, destinationProxy } = parameters
  const hashes = watch.txHashes(orderId)
  const winner = nodes.find((n) => n.timeline(orderId as Hex).some((e) => e.kind === 'won'))
  const own = (winner?.timeline(orderId as Hex) ?? []).filter(
    (e) => e.actor === undefined || e.actor.toLowerCase() === winner?.address.toLowerCase(),
  )
  const at = (kind: string) => own.find((e) => e.kind === kind)?.atMs
  const times: Record<Step, number | undefined> = {
    received: at('received'),
    bid: at('bid'),
    won: at('won'),
    'open sent': hashes.open === undefined ? undefined : originProxy.sentAt(hashes.open),
    'open block': watch.openBlockAt(orderId),
    'open seen': watch.openedAt(orderId),
    'fill sent': hashes.fill === undefined ? undefined : destinationProxy.sentAt(hashes.fill),
    'fill seen': watch.filledAt(orderId),
  }
  return Object.fromEntries(Object.entries(times).filter(([, value]) => value !== undefined))
}
