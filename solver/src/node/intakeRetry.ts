import { type IntakeDeps, type IntakeResult, intakeIntent } from '../domain/intake/intakeIntent.ts'
import { SolverError } from '../errors.ts'
import type { Logger } from '../infra/createLogger.ts'

export type CreateIntakeRetryParameters = {
  intake: IntakeDeps
  logger: Logger
  /** A queued intent passed intake at last. */
  onValid(result: IntakeResult): void
  /** Between passes over the queue; 1,000 ms unless given. */
  intervalMs?: number
  /** How long a message is tried again; 60 s unless given. */
  maxAgeMs?: number
  /** At most this many wait; 1,000 unless given (the oldest are dropped). */
  maxQueued?: number
}

export type IntakeRetry = {
  /** Queues a gossiped intent this node could not judge because a chain did not answer. */
  keep(data: Uint8Array): void
  queued(): number
  start(): void
  stop(): void
}

/**
 * Gossip delivers a message once: an intent this node had to ignore because its origin chain did
 * not answer (a stall, a timeout) would be lost to it for good, though every other check passed.
 * It waits here and goes through intake again until the chain answers, a rule refuses it, or it is
 * a minute old.
 */
export function createIntakeRetry(parameters: CreateIntakeRetryParameters): IntakeRetry {
  const { intake, logger, onValid } = parameters
  const maxAgeMs = parameters.maxAgeMs ?? 60_000
  const maxQueued = parameters.maxQueued ?? 1_000
  let queue: { data: Uint8Array; keptAtMs: number }[] = []
  let timer: NodeJS.Timeout | undefined
  let passing = false

  async function pass(): Promise<void> {
    if (passing || queue.length === 0) return
    passing = true
    const now = Date.now()
    const due = queue.filter((entry) => now - entry.keptAtMs <= maxAgeMs)
    queue = []
    try {
      for (const entry of due) {
        try {
          const result = await intakeIntent(entry.data, intake)
          if (!result.known) onValid(result)
        } catch (error) {
          if (error instanceof SolverError && error.code === 'CHAIN_UNAVAILABLE') queue.push(entry)
          else logger.debug({ err: error }, 'queued intent refused on retry')
        }
      }
    } finally {
      passing = false
    }
  }

  return {
    keep(data) {
      queue.push({ data, keptAtMs: Date.now() })
      if (queue.length > maxQueued) queue.splice(0, queue.length - maxQueued)
    },
    queued: () => queue.length,
    start() {
      timer ??= setInterval(() => {
        pass().catch((error: unknown) => logger.warn({ err: error }, 'intake retry failed'))
      }, parameters.intervalMs ?? 1_000)
    },
    stop() {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
    },
  }
}
