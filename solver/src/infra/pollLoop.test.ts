import { getEventListeners } from 'node:events'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createPollLoop } from './pollLoop.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the poll loop', () => {
  test('runs pass after pass and leaves at most one listener on its signal, however many passes', async () => {
    const signals = new Set<AbortSignal>()
    const add = AbortSignal.prototype.addEventListener
    vi.spyOn(AbortSignal.prototype, 'addEventListener').mockImplementation(function (
      this: AbortSignal,
      ...args: Parameters<AbortSignal['addEventListener']>
    ) {
      signals.add(this)
      add.apply(this, args)
    })
    let passes = 0
    const pass = async () => {
      passes += 1
    }
    const loop = createPollLoop({ pass, pollMs: 1, onError() {} })
    loop.start()
    while (passes < 30) await new Promise((done) => setTimeout(done, 5))
    const [signal] = signals
    expect(signals.size).toBe(1)
    expect(getEventListeners(signal as AbortSignal, 'abort').length).toBeLessThanOrEqual(1)
    await loop.stop()
    expect(getEventListeners(signal as AbortSignal, 'abort')).toHaveLength(0)
  })
})
