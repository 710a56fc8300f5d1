import { loadArtifact } from '@xmargin/settlement-contracts/deploy'
import {
  type Address,
  erc20Abi,
  getAddress,
  type Hex,
  keccak256,
  maxUint256,
  type PublicClient,
  toHex,
} from 'viem'
import type { TimelineEntry } from '../domain/timeline.ts'
import { TxRevertedError } from '../errors.ts'
import { decodeOriginData } from '../infra/chain/decodeOriginData.ts'
import type { ContractCall, TxSender } from '../infra/chain/txSender.types.ts'
import type { Logger } from '../infra/createLogger.ts'
import { createPollLoop } from '../infra/pollLoop.ts'
import { createEngineReader, type PositionView } from './engineReader.ts'
import { EXPECTED_REVERTS, hasDebtToSettle, isExpirable, isLiquidatable } from './keeperRules.ts'
import { expiredPayload, MESSAGE_KIND, payoutPayload } from './messagePayloads.ts'

export type KeeperAction = 'liquidate' | 'settle-debt' | 'expire'

export type KeeperEvent =
  | { type: 'keeper:liquidated' | 'keeper:debt-settled' | 'keeper:expired'; orderId: Hex; txHash: Hex }
  | { type: 'keeper:failed'; orderId: Hex; action: KeeperAction; reason: string; txHash?: Hex }

export type KeeperParameters = {
  destination: { client: PublicClient; sender: TxSender; engine: Address; settlementToken: Address }
  logger: Logger
  /** Milliseconds between passes when started; 1,000 unless given. */
  pollMs?: number
  onEvent?: (event: KeeperEvent) => void
  /** Chain time in seconds (deadlines are judged by it); the destination's latest block unless given. */
  nowSeconds?: () => Promise<number>
}

export type Keeper = {
  /** Learns orders from the chain watcher's timeline: opened (to expire), filled (to watch), done. */
  observe(entry: TimelineEntry): void
  /** One pass: liquidate unhealthy positions, settle their debt, expire unfilled orders past deadline. */
  update(): Promise<KeeperEvent[]>
  start(): void
  stop(): Promise<void>
}

type PendingOrder = { originData: Hex; fillDeadline: number; originChainId: number; routeId: Hex }

// Read when first used, not at import: commands that never touch a chain must load without the build.
const engineAbi = () => loadArtifact('MarginEngine.sol').abi

/**
 * The keeper role on one destination engine. Liquidation pays a bounded reward; settling debt costs
 * settlement tokens here and pays collateral plus a bonus on the origin (`Seize` to the keeper);
 * expiring costs the message. Whoever triggers a message pays for it, so every call carries the
 * messenger's quote for the messages it may send.
 */
export function createKeeper(parameters: KeeperParameters): Keeper {
  const { client, sender, engine, settlementToken } = parameters.destination
  const { logger } = parameters
  const emit = parameters.onEvent ?? (() => {})
  const reader = createEngineReader(client, engine)
  const nowSeconds = parameters.nowSeconds ?? (() => reader.chainTime())
  const pending = new Map<Hex, PendingOrder>()
  const positions = new Set<Hex>()
  let approved = false
  let queue: Promise<unknown> = Promise.resolve()

  function observe(entry: TimelineEntry): void {
    switch (entry.kind) {
      case 'opened':
        observeOpened(entry)
        return
      case 'filled':
        if (entry.chainId !== sender.chainId) return
        pending.delete(entry.orderId)
        positions.add(entry.orderId)
        return
      case 'closed':
        // A losing close leaves debt for a keeper; otherwise nothing is left to watch.
        if (entry.detail.debt === '0') positions.delete(entry.orderId)
        return
      case 'expired':
        pending.delete(entry.orderId)
        positions.delete(entry.orderId)
        return
      default:
      // 'liquidated' may be partial or leave debt: the next pass reads the position and decides.
    }
  }

  function observeOpened(entry: TimelineEntry): void {
    const { originData, fillDeadline } = entry.detail
    if (typeof originData !== 'string' || typeof fillDeadline !== 'number') return
    try {
      const { order, intent } = decodeOriginData(originData as Hex)
      const data = intent.orderData
      if (
        Number(data.destinationChainId) !== sender.chainId ||
        getAddress(data.destinationSettler) !== getAddress(engine)
      ) {
        return
      }
      pending.set(entry.orderId, {
        originData: originData as Hex,
        fillDeadline,
        originChainId: Number(order.originChainId),
        routeId: keccak256(toHex(data.route)),
      })
    } catch (error) {
      logger.debug({ orderId: entry.orderId, err: error }, 'opened order is not an xmargin order; ignored')
    }
  }

  async function pass(): Promise<KeeperEvent[]> {
    const events: KeeperEvent[] = []
    const record = (event: KeeperEvent) => {
      events.push(event)
      emit(event)
    }
    for (const orderId of [...positions]) {
      try {
        await keepPosition(orderId, record)
      } catch (error) {
        logger.warn({ orderId, err: error }, 'could not read position; retrying next pass')
      }
    }
    if (pending.size === 0) return events
    const now = await nowSeconds()
    for (const [orderId, order] of [...pending]) {
      if (order.fillDeadline >= now) continue
      try {
        await expireOrder(orderId, order, now, record)
      } catch (error) {
        logger.warn({ orderId, err: error }, 'could not read order; retrying next pass')
      }
    }
    return events
  }

  async function keepPosition(orderId: Hex, record: (event: KeeperEvent) => void): Promise<void> {
    let position = await reader.position(orderId)
    if (position.status === 'open' && isLiquidatable(await reader.health(orderId))) {
      // A full close of a debt-free backed position releases the rest: one message at most.
      const value = await reader.messageFee(position.originChainId, position.routeId, [
        payoutPayload(
          MESSAGE_KIND.release,
          orderId,
          position.sequence + 1n,
          position.collateral,
          position.trader,
        ),
      ])
      const hash = await act(
        'liquidate',
        orderId,
        { functionName: 'liquidate', args: [orderId, []], value },
        record,
      )
      if (hash !== undefined) record({ type: 'keeper:liquidated', orderId, txHash: hash })
      position = await reader.position(orderId)
    }
    if (hasDebtToSettle(position)) {
      await settleDebt(orderId, position, record)
      position = await reader.position(orderId)
    }
    if (position.status !== 'open' && position.debt === 0n) positions.delete(orderId)
  }

  async function settleDebt(orderId: Hex, position: PositionView, record: (event: KeeperEvent) => void) {
    await approveOnce()
    // `Seize` to the keeper, then (after a full close) `Release` of the rest to the trader.
    const value = await reader.messageFee(position.originChainId, position.routeId, [
      payoutPayload(MESSAGE_KIND.seize, orderId, position.sequence + 1n, position.collateral, sender.address),
      payoutPayload(
        MESSAGE_KIND.release,
        orderId,
        position.sequence + 2n,
        position.collateral,
        position.trader,
      ),
    ])
    const hash = await act(
      'settle-debt',
      orderId,
      { functionName: 'settleDebt', args: [orderId, sender.address, []], value },
      record,
    )
    if (hash !== undefined) record({ type: 'keeper:debt-settled', orderId, txHash: hash })
  }

  async function approveOnce(): Promise<void> {
    if (approved) return
    if ((await reader.allowance(settlementToken, sender.address)) < maxUint256 / 2n) {
      await sender.send({
        address: settlementToken,
        abi: erc20Abi,
        functionName: 'approve',
        args: [engine, maxUint256],
      })
    }
    approved = true
  }

  async function expireOrder(
    orderId: Hex,
    order: PendingOrder,
    now: number,
    record: (event: KeeperEvent) => void,
  ): Promise<void> {
    const { status } = await reader.position(orderId)
    if (status !== 'none') {
      pending.delete(orderId)
      if (status === 'open') positions.add(orderId)
      return
    }
    if (!isExpirable(order.fillDeadline, now, status)) return
    const value = await reader.messageFee(order.originChainId, order.routeId, [expiredPayload(orderId)])
    const hash = await act(
      'expire',
      orderId,
      { functionName: 'expire', args: [order.originData], value },
      record,
    )
    if (hash === undefined) return
    pending.delete(orderId)
    record({ type: 'keeper:expired', orderId, txHash: hash })
  }

  /** Sends one engine call (simulated first by the sender); `undefined` when it did not go through. */
  async function act(
    action: KeeperAction,
    orderId: Hex,
    call: Omit<ContractCall, 'address' | 'abi'>,
    record: (event: KeeperEvent) => void,
  ): Promise<Hex | undefined> {
    try {
      const { hash } = await sender.send({ address: engine, abi: engineAbi(), ...call })
      return hash
    } catch (error) {
      const reason = reasonOf(error)
      if (error instanceof TxRevertedError && EXPECTED_REVERTS.has(reason)) {
        logger.debug({ orderId, action, reason }, 'nothing to do: the chain moved first')
        return undefined
      }
      logger.warn({ orderId, action, reason, err: error }, 'keeper action failed')
      record({ type: 'keeper:failed', orderId, action, reason })
      return undefined
    }
  }

  // Passes never overlap: a manual update() during the loop waits for the running pass.
  function update(): Promise<KeeperEvent[]> {
    const next = queue.then(pass)
    queue = next.catch(() => undefined)
    return next
  }

  const poll = createPollLoop({
    pass: update,
    pollMs: parameters.pollMs ?? 1_000,
    onError: (error) => logger.warn({ err: error }, 'keeper pass failed; retrying'),
  })

  return {
    observe,
    update,
    start: () => poll.start(),
    stop: () => poll.stop(),
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof TxRevertedError) {
    const reason = error.details.reason
    return typeof reason === 'string' ? reason : error.message
  }
  return error instanceof Error ? error.message : String(error)
}
