import { type SignedMarginIntent, toGaslessCrossChainOrder } from '@xmargin/intents'
import { type Address, BaseError, type Hex, type PublicClient, zeroAddress } from 'viem'
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
  /** Wait before trying a fill again that reverted for a reason that may pass (price, fee, stale oracle); 2,000 ms unless given. */
  fillRetryDelayMs?: number
  /** First wait after any other failed step; doubles per failure in a row up to `maxRetryDelayMs`; 250 ms unless given. */
  retryDelayMs?: number
  /** 2,000 ms unless given. */
  maxRetryDelayMs?: number
  /** The node's clock (ms); `Date.now` unless given. */
  now?: () => number
  /**
   * Why the order can no longer be opened (the trader spent the nonce or moved the collateral), from
   * fresh origin reads; asked when an open fails. Unless given, a failing open is retried to its deadline.
   */
  unopenableReason?: (intent: SignedMarginIntent['order']) => Promise<string | undefined>
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

/**
 * How long past a step's deadline a job keeps retrying while chain state cannot be read: a step sent
 * before the deadline may still be mined, and chain state (once readable) settles what is left.
 */
const DEADLINE_MARGIN_SECONDS = 60

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
  const fillRetryDelayMs = parameters.fillRetryDelayMs ?? 2_000
  const retryDelayMs = parameters.retryDelayMs ?? 250
  const maxRetryDelayMs = parameters.maxRetryDelayMs ?? 2_000
  const wakeUp = new AbortController()
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

  /**
   * Steps the job until it is filled or abandoned (or the pipeline stops). A step that fails — an RPC
   * error, a nonce clash, a revert — is reported and tried again with backoff, each time from fresh
   * chain state and a fresh simulation, until chain state says the order is out of reach (opened by
   * another solver, its deadline passed): this node's own trouble is never a reason to give up early.
   */
  async function drive(initial: FillJob, order: SignedMarginIntent): Promise<FillJob> {
    let job = initial
    let failures = 0
    while (!stopping && !TERMINAL.has(job.step)) {
      let action: Decision | undefined
      try {
        action = await decide(job, order)
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
        failures = 0
      } catch (error) {
        if (!isStepFailure(error)) throw error
        // The step saved its own progress (step, hash) before it failed.
        job = store.getJob(job.orderId) ?? job
        failures += 1
        const reason = reasonOf(error)
        emit({ type: 'fill:failed', orderId: job.orderId, reason, step: job.step, atMs: now() })
        const deadline = job.step === 'filling' ? order.order.fillDeadline : order.order.openDeadline
        if (now() / 1000 > deadline + DEADLINE_MARGIN_SECONDS) {
          job = abandon(job, `${reason} until past the deadline`, job.step === 'filling' ? self : zeroAddress)
          break
        }
        // An open that fails because the trader pulled the collateral or spent the nonce never will.
        if (job.step !== 'filling' && error instanceof TxRevertedError && parameters.unopenableReason) {
          const blocker = await parameters.unopenableReason(order.order).catch(() => undefined)
          const state =
            blocker === undefined
              ? undefined
              : await readOrderState({ orderId: job.orderId, origin, destination }).catch(() => undefined)
          // Opened after all (by us or another): chain state decides on the next pass.
          if (blocker !== undefined && state?.escrow.status === 'None') {
            job = abandon(job, `cannot be opened: ${blocker}`, zeroAddress)
            break
          }
        }
        const passing = error instanceof TxRevertedError && PASSING_REVERTS.has(reason)
        const delay = passing
          ? fillRetryDelayMs
          : Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (failures - 1))
        // The first failure in a row is news; the retries after it are not.
        const level = failures === 1 ? 'warn' : 'debug'
        logger[level](
          { orderId: job.orderId, step: job.step, reason, failures, retryInMs: delay },
          'fill step failed; retrying',
        )
        await sleep(delay, wakeUp.signal)
      }
    }
    return job
  }

  /** The next action from chain state, once any transaction of the job's last run has landed. */
  async function decide(job: FillJob, order: SignedMarginIntent): Promise<Decision> {
    if (job.txHash !== undefined) {
      await waitForRecordedTx(job.step === 'opening' ? origin.public : destination.public, job.txHash)
    }
    const state = await readOrderState({ orderId: job.orderId, origin, destination })
    const action = nextFillAction({ state, intent: order.order, self, nowSeconds: Math.floor(now() / 1000) })
    return action.kind === 'abandon' ? { ...action, opener: state.escrow.opener } : action
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
    wakeUp.abort()
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

/** The node's own errors and viem's (RPC, transport): a retry may help. Anything else is a bug. */
function isStepFailure(error: unknown): boolean {
  return error instanceof SolverError || error instanceof BaseError
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })
}
