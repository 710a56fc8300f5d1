/** A loop that runs a pass, waits, and runs again until stopped. */
export type PollLoop = {
  /** Starts the loop; a second call while it runs does nothing. */
  start(): void
  /** Stops waiting, lets the pass in flight finish, and resolves once the loop has ended. */
  stop(): Promise<void>
}

export type CreatePollLoopParameters = {
  pass(): Promise<unknown>
  pollMs: number
  /** A failed pass is reported here and the loop goes on: the next pass may succeed. */
  onError(error: unknown): void
}

/** The chain watcher's, the keeper's and the relayer's loop: one pass at a time, `pollMs` apart. */
export function createPollLoop({ pass, pollMs, onError }: CreatePollLoopParameters): PollLoop {
  let loop: Promise<void> | undefined
  let stopping: AbortController | undefined
  return {
    start() {
      if (loop !== undefined) return
      const controller = new AbortController()
      stopping = controller
      loop = (async () => {
        while (!controller.signal.aborted) {
          try {
            await pass()
          } catch (error) {
            onError(error)
          }
          await sleep(pollMs, controller.signal)
        }
      })()
    },
    async stop() {
      stopping?.abort()
      await loop
      loop = undefined
    },
  }
}

// The loop's signal lives as long as the loop: a wait that ends by its timer must take its listener
// off, or every pass leaves one (a closure and a timer) on the signal for good.
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer)
      resolve()
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', wake)
      resolve()
    }, ms)
    signal.addEventListener('abort', wake, { once: true })
  })
}
