import { describe, expect, test } from 'vitest'
import { ChainUnavailableError } from '../../errors.ts'
import { withTimeout } from './withTimeout.ts'

const timedOut = () => new ChainUnavailableError('CHAIN_UNAVAILABLE', 'timed out')

describe('withTimeout', () => {
  test("passes the promise's value or error through when it settles first", async () => {
    await expect(withTimeout(Promise.resolve(7), { timeoutMs: 1_000, onTimeout: timedOut })).resolves.toBe(7)
    const failure = new RangeError('no')
    await expect(
      withTimeout(Promise.reject(failure), { timeoutMs: 1_000, onTimeout: timedOut }),
    ).rejects.toBe(failure)
  })

  test('rejects with onTimeout() when the promise never settles', async () => {
    const never = new Promise<number>(() => {})
    await expect(withTimeout(never, { timeoutMs: 5, onTimeout: timedOut })).rejects.toMatchObject({
      code: 'CHAIN_UNAVAILABLE',
      message: 'timed out',
    })
  })
})
