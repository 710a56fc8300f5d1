import { createPublicClient, http, type PublicClient } from 'viem'
import { ChainUnavailableError } from '../errors.ts'
import { withTimeout } from '../infra/chain/withTimeout.ts'
import type { Logger } from '../infra/createLogger.ts'
import { createPollLoop } from '../infra/pollLoop.ts'

/** All the monitor asks of a chain client. */
export type BlockNumberReader = Pick<PublicClient, 'getBlockNumber'>

export type CreateChainHealthMonitorParameters = {
  chains: readonly { chainId: number; client: BlockNumberReader }[]
  logger: Logger
  /** Between two polls of a chain; default 1,000 ms. */
  pollMs?: number
  /** How long one poll waits for the block number; default `pollMs`, so a poll never outlasts its interval. */
  timeoutMs?: number
  /**
   * A chain that has not answered for longer than this is stale; default three poll intervals and at
   * least 2 s, so one slow answer never flips it but a stall shows within seconds.
   */
  staleAfterMs?: number
  /** Wall clock in ms; injectable for tests. */
  now?: () => number
}

/** One chain as last seen, at the moment `chains()` was called. */
export type ChainHealth = {
  chainId: number
  /** The latest block number it answered with; undefined until it has answered once. */
  block: bigint | undefined
  /** When it last answered; undefined until it has answered once. */
  answeredAtMs: number | undefined
  /** Since when it has been silent: its last answer, or the monitor's start if it never answered. */
  silentSinceMs: number
  /** No answer for longer than `staleAfterMs`, or none yet. */
  stale: boolean
  /** Why the latest poll failed (short), if it did. */
  lastError: string | undefined
}

export type ChainHealthMonitor = {
  /** Starts polling; resolves once every chain had its first poll (answered or timed out). */
  start(): Promise<void>
  stop(): Promise<void>
  /** From memory, never a chain read: what `/healthz` answers with while a chain stalls. */
  chains(): ChainHealth[]
}

type ChainState = {
  chainId: number
  client: BlockNumberReader
  block: bigint | undefined
  answeredAtMs: number | undefined
  lastError: string | undefined
  /** The request still waiting for an answer: a stalled chain gets no second one until it settles. */
  inFlight: Promise<void> | undefined
  wasStale: boolean
  /** Resolves the promise `start()` waits on, after this chain's first poll. */
  polled: () => void
}

const MAX_ERROR_CHARS = 120

/**
 * Polls each chain's block number on its own loop (one stalled chain never delays another's poll) and
 * keeps the outcome in memory, so the node's health is known without touching a chain when asked.
 * Logs when a chain goes stale and when it answers again.
 */
export function createChainHealthMonitor(parameters: CreateChainHealthMonitorParameters): ChainHealthMonitor {
  const { logger } = parameters
  const pollMs = parameters.pollMs ?? 1_000
  const timeoutMs = parameters.timeoutMs ?? pollMs
  const staleAfterMs = parameters.staleAfterMs ?? Math.max(3 * pollMs, 2_000)
  const now = parameters.now ?? Date.now
  let startedAtMs = now()
  const states: ChainState[] = parameters.chains.map(({ chainId, client }) => ({
    chainId,
    client,
    block: undefined,
    answeredAtMs: undefined,
    lastError: undefined,
    inFlight: undefined,
    wasStale: false,
    polled: () => {},
  }))

  function read(state: ChainState): Promise<void> {
    const request = state.client.getBlockNumber({ cacheTime: 0 }).then(
      (block) => {
        state.block = block
        state.answeredAtMs = now()
        state.lastError = undefined
      },
      (error: unknown) => {
        state.lastError = shortReason(error)
      },
    )
    state.inFlight = request.finally(() => {
      state.inFlight = undefined
    })
    return state.inFlight
  }

  async function poll(state: ChainState): Promise<void> {
    const request = state.inFlight ?? read(state)
    try {
      await withTimeout(request, {
        timeoutMs,
        onTimeout: () =>
          new ChainUnavailableError('CHAIN_UNAVAILABLE', `chain ${state.chainId} poll timed out`),
      })
    } catch {
      state.lastError = `no answer within ${timeoutMs} ms`
    }
    const health = healthOf(state, now())
    if (health.stale !== state.wasStale) {
      if (health.stale)
        logger.warn({ chainId: state.chainId, lastError: state.lastError }, 'chain stopped answering')
      else logger.info({ chainId: state.chainId, block: Number(state.block) }, 'chain answers again')
    }
    state.wasStale = health.stale
    state.polled()
  }

  function healthOf(state: ChainState, at: number): ChainHealth {
    const silentSinceMs = state.answeredAtMs ?? startedAtMs
    return {
      chainId: state.chainId,
      block: state.block,
      answeredAtMs: state.answeredAtMs,
      silentSinceMs,
      stale: state.answeredAtMs === undefined || at - state.answeredAtMs > staleAfterMs,
      lastError: state.lastError,
    }
  }

  const loops = states.map((state) =>
    createPollLoop({
      pass: () => poll(state),
      pollMs,
      // poll() records its failures and never throws.
      onError: () => {},
    }),
  )

  return {
    async start() {
      startedAtMs = now()
      // The first polls are awaited, so /healthz tells the truth from the first request on.
      const firstPolls = states.map(
        (state) =>
          new Promise<void>((resolve) => {
            state.polled = resolve
          }),
      )
      for (const loop of loops) loop.start()
      await Promise.all(firstPolls)
    },
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()))
    },
    chains: () => states.map((state) => healthOf(state, now())),
  }
}

/**
 * The monitor's own client of a chain: no retries, and viem's request timeout (10 s, retried 3 times,
 * by default) equal to the poll's, so a stalled request is aborted rather than left hanging for ~40 s.
 */
export function monitorClientOf(rpcUrl: string, timeoutMs: number): BlockNumberReader {
  return createPublicClient({ transport: http(rpcUrl, { timeout: timeoutMs, retryCount: 0 }) })
}

function shortReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, MAX_ERROR_CHARS)
  const short =
    'shortMessage' in error && typeof error.shortMessage === 'string' ? error.shortMessage : undefined
  return ((short ?? error.message).split('\n')[0] ?? '').slice(0, MAX_ERROR_CHARS)
}
