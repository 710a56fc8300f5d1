export type WithTimeoutParameters = {
  timeoutMs: number
  /** The error the caller gets when `timeoutMs` passes first. */
  onTimeout: () => Error
}

/**
 * The promise's outcome, or `onTimeout()` once `timeoutMs` has passed, whichever comes first. The
 * work behind the promise is not cancelled (a viem read has no signal): a caller stops waiting, and a
 * late outcome is dropped.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  { timeoutMs, onTimeout }: WithTimeoutParameters,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs)
  })
  return Promise.race([promise, timedOut]).finally(() => clearTimeout(timer))
}
