import { type SignedMarginIntent, toGaslessCrossChainOrder } from '@xmargin/intents'
import type { Address, Hex, PublicClient } from 'viem'
import { SolverError, TxRevertedError } from '../errors.ts'
import type { TxSender } from '../infra/chain/txSender.types.ts'
import type { Logger } from '../infra/createLogger.ts'
import type { FillJob, FillStep, NodeStore } from '../infra/store/nodeStore.ts'
import { engineCallAbi, vaultCallAbi } from './abis.ts'
import { ensureSettlementAllowance } from './ensureSettlementAllowance.ts'
import { fillArguments } from './fillerData.ts'
import { type FillAction, nextFillAction } from './nextFillAction.ts'
import type { PipelineEvent } from './pipelineEvent.ts'
import { quoteFillValue } from './quoteFillValue.ts'
import { readOrderState } from './readOrderState.ts'
import { waitForRecordedTx } from './waitForRecordedTx.ts'

export type FillPipelineParameters = {
  store: NodeStore
  origin: { public: PublicClient; sender: TxSender; vault: Address }
  destination: { public: PublicClient; sender: TxSender; engine: Address }
  logger: Logger
  onEvent?: (event: PipelineEvent) => void
  /** Pyth updates posted with each fill; none unless given (the devnet feed keeps Pyth fresh). */
  priceUpdate?: () => Promise<Hex[]>
  /** Fills that revert for a reason that may pass (price, fee, stale oracle) tried again; 5 unless given. */
  fillRetries?: number
  /** Wait between those tries; 2,000 ms unless given. */
  fillRetryDelayMs?: number
  /** The node's clock (ms); `Date.now` unless given. */
  now?: () => number
}

export type FillPipeline = {
  /** Opens, then fills, the order; resolves with the job once `filled` or `abandoned`. */
  execute(order: SignedMarginIntent, orderId: Hex, feeBps: number): Promise<FillJob>
  /** Continues every unfinished job of the store (after a restart), from chain state. */
  resume(getIntent: (orderId: Hex) => SignedMarginIntent | undefined): Promise<FillJob[]>
  /** Moves `filled` jobs whose fee is paid and whose position is backed to `settled`; returns those. */
  checkSettlement(): Promise<FillJob[]>
  /** Starts no new step; waits for the steps in flight. */
  stop(): Promise<void>
}

/**
 * Reasons a fill reverts that may pass: the price may come back inside the limit, the fee schedule
 * rises, the oracle gets a fresh price. Others (wrong chain, bad signature, …) never pass.
 */
const PASSING_REVERTS = new Set([
  'PriceBeyondLimit',
  'FeeAboveSchedule',
  'LeverageTooHigh',
  'BelowMaintenance',
  'StalePrice',
  'UncertainPrice',
  'FeeNotCovered',
  'InsufficientFee',
  'reverted', // mined revert, reason unknown: the state moved between simulation and inclusion
])

/** An action, with who opened the order when abandoning (to know whether our bond is at stake). */
type Decision =
  | Exclude<FillAction, { kind: 'abandon' }>
  | { kind: 'abandon'; reason: string; opener: Address }

const TERMINAL: ReadonlySet<FillStep> = new Set(['filled', 'settled', 'abandoned'])

/**
 * The solver's fill of orders it won: `openFor` on the origin vault, then, once the open is mined,
 * `fill` on the destination engine. The job is persisted before each send and its hash as soon as the
 * node accepts it; what to do next is always read from chain state (nextFillAction), so a restarted
 * node resumes without sending a step twice.
 */
export function createFillPipeline(parameters: FillPipelineParameters): FillPipeline {
  const { store, origin, destination } = parameters
  const logger = parameters.logger.child({ component: 'pipeline' })
  const emit = parameters.onEvent ?? (() => {})
  const now = parameters.now ?? Date.now
  const fillRetries = parameters.fillRetries ?? 5
  const fillRetryDelayMs = parameters.fillRetryDelayMs ?? 2_000
  const self = origin.sender.address
  if (self.toLowerCase() !== destination.sender.address.toLowerCase()) {
    throw new SolverError('CONFIG', 'the origin and destination senders must be the same solver account')
  }
  const running = new Map<Hex, Promise<FillJob>>()
  let stopping = false
  let allowance: Promise<unknown> | undefined

  function save(
    job: FillJob,
    changes: Partial<FillJob>,
    clear: readonly ('txHash' | 'reason')[] = [],
  ): FillJob {
    const next: FillJob = { ...job, ...changes, updatedAtMs: now() }
    for (const key of clear) delete next[key]
    store.putJob(next)
    return next
  }

  function execute(order: SignedMarginIntent, orderId: Hex, feeBps: number): Promise<FillJob> {
    const existing = running.get(orderId)
    if (existing !== undefined) return existing
    let job = store.getJob(orderId)
    if (job === undefined) {
      job = { orderId, step: 'planned', feeBps, attempts: 0, updatedAtMs: now() }
      store.putJob(job)
      emit({ type: 'fill:planned', orderId, feeBps, atMs: job.updatedAtMs })
    }
    const run = drive(job, order).finally(() => running.delete(orderId))
    running.set(orderId, run)
    return run
  }

  /** Steps the job until it is filled or abandoned (or the pipeline stops). */
  async function drive(initial: FillJob, order: SignedMarginIntent): Promise<FillJob> {
    let job = initial
    let openReverted: string | undefined
    let fillReverts = 0
    while (!stopping && !TERMINAL.has(job.step)) {
      let action: Decision | undefined
      try {
        action = await decide(job, order, openReverted)
        switch (action.kind) {
          case 'abandon':
            job = abandon(job, action.reason, action.opener)
            break
          case 'filled':
          case 'settled':
            job = save(job, { step: action.kind }, ['reason'])
            if (action.kind === 'settled') emit({ type: 'fill:settled', orderId: job.orderId, atMs: now() })
            break
          case 'open':
            job = await open(job, order)
            break
          case 'fill':
            job = await fill(job, order)
            break
        }
      } catch (error) {
        // The step saved its own progress (step, hash) before it failed.
        job = store.getJob(job.orderId) ?? job
        const reason = reasonOf(error)
        emit({ type: 'fill:failed', orderId: job.orderId, reason, step: job.step, atMs: now() })
        logger.warn({ orderId: job.orderId, step: job.step, reason }, 'fill step failed')
        if (!(error instanceof TxRevertedError)) throw error
        if (action?.kind === 'open') {
          openReverted = reason
        } else if (!PASSING_REVERTS.has(reason) || ++fillReverts > fillRetries) {
          job = abandon(job, `fill reverts: ${reason}`, self)
        } else {
          await sleep(fillRetryDelayMs)
        }
        // Otherwise chain state is read again: someone may have opened or filled meanwhile.
      }
    }
    return job
  }

  /** The next action from chain state, once any transaction of the job's last run has landed. */
  async function decide(
    job: FillJob,
    order: SignedMarginIntent,
    openReverted: string | undefined,
  ): Promise<Decision> {
    if (job.txHash !== undefined) {
      await waitForRecordedTx(job.step === 'opening' ? origin.public : destination.public, job.txHash)
    }
    const state = await readOrderState({ orderId: job.orderId, origin, destination })
    const action = nextFillAction({ state, intent: order.order, self, nowSeconds: Math.floor(now() / 1000) })
    const opener = state.escrow.opener
    // An open that reverted and left the order unopened would revert again.
    if (action.kind === 'open' && openReverted !== undefined) {
      return { kind: 'abandon', reason: `openFor reverts: ${openReverted}`, opener }
    }
    return action.kind === 'abandon' ? { ...action, opener } : action
  }

  function abandon(job: FillJob, reason: string, opener: Address): FillJob {
    const next = save(job, { step: 'abandoned', reason })
    emit({ type: 'fill:abandoned', orderId: job.orderId, reason, step: job.step, atMs: next.updatedAtMs })
    if (opener.toLowerCase() === self.toLowerCase()) {
      // We opened and will not fill: the order expires and the registry slashes our bond.
      logger.error(
        { orderId: job.orderId, reason },
        'abandoning an order we opened: our bond will be slashed',
      )
    } else {
      logger.info({ orderId: job.orderId, reason }, 'fill abandoned')
    }
    return next
  }

  async function open(job: FillJob, order: SignedMarginIntent): Promise<FillJob> {
    let current = save(job, { step: 'opening', attempts: job.attempts + 1 }, ['txHash'])
    const { hash } = await origin.sender.send(
      {
        address: origin.vault,
        abi: vaultCallAbi(),
        functionName: 'openFor',
        args: [toGaslessCrossChainOrder(order.order), order.signature, '0x'],
      },
      {
        onSent: (txHash) => {
          current = save(current, { txHash })
          emit({ type: 'open:submitted', orderId: job.orderId, txHash, atMs: current.updatedAtMs })
        },
      },
    )
    emit({ type: 'open:confirmed', orderId: job.orderId, txHash: hash, atMs: now() })
    logger.info({ orderId: job.orderId, hash }, 'opened')
    return current
  }

  async function fill(job: FillJob, order: SignedMarginIntent): Promise<FillJob> {
    allowance ??= ensureSettlementAllowance({
      client: destination.public,
      sender: destination.sender,
      engine: destination.engine,
    }).catch((error: unknown) => {
      allowance = undefined
      throw error
    })
    await allowance
    let current = save(job, { step: 'filling', attempts: job.attempts + 1 }, ['txHash'])
    const priceUpdate = (await parameters.priceUpdate?.()) ?? []
    const value = await quoteFillValue({
      client: destination.public,
      engine: destination.engine,
      intent: order.order,
      orderId: job.orderId,
      filler: self,
      feeBps: job.feeBps,
      priceUpdate,
    })
    const { hash } = await destination.sender.send(
      {
        address: destination.engine,
        abi: engineCallAbi(),
        functionName: 'fill',
        args: fillArguments(order, job.orderId, job.feeBps, priceUpdate),
        value,
      },
      {
        onSent: (txHash) => {
          current = save(current, { txHash })
          emit({ type: 'fill:submitted', orderId: job.orderId, txHash, atMs: current.updatedAtMs })
        },
      },
    )
    emit({ type: 'fill:confirmed', orderId: job.orderId, txHash: hash, atMs: now() })
    logger.info({ orderId: job.orderId, hash, feeBps: job.feeBps }, 'filled')
    return current
  }

  async function resume(getIntent: (orderId: Hex) => SignedMarginIntent | undefined): Promise<FillJob[]> {
    const runs: Promise<FillJob>[] = []
    for (const job of store.unfinishedJobs()) {
      if (TERMINAL.has(job.step)) continue
      const intent = getIntent(job.orderId)
      if (intent === undefined) {
        logger.warn({ orderId: job.orderId, step: job.step }, 'cannot resume: intent unknown')
        continue
      }
      runs.push(execute(intent, job.orderId, job.feeBps))
    }
    const outcomes = await Promise.allSettled(runs)
    const jobs: FillJob[] = []
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') jobs.push(outcome.value)
      else logger.error({ reason: reasonOf(outcome.reason) }, 'resume failed')
    }
    return jobs
  }

  async function checkSettlement(): Promise<FillJob[]> {
    const settled: FillJob[] = []
    for (const job of store.unfinishedJobs()) {
      if (job.step !== 'filled') continue
      const state = await readOrderState({ orderId: job.orderId, origin, destination })
      if (state.escrow.status !== 'Filled' || !state.position.remoteBacked) continue
      const next = save(job, { step: 'settled' }, ['reason'])
      emit({ type: 'fill:settled', orderId: job.orderId, atMs: next.updatedAtMs })
      settled.push(next)
    }
    return settled
  }

  async function stop(): Promise<void> {
    stopping = true
    await Promise.allSettled(running.values())
  }

  return { execute, resume, checkSettlement, stop }
}

function reasonOf(error: unknown): string {
  if (error instanceof SolverError) {
    const reason = error.details.reason
    return typeof reason === 'string' ? reason : error.message
  }
  return error instanceof Error ? error.message : String(error)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
