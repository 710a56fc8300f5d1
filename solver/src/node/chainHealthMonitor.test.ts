import { Writable } from 'node:stream'
import { afterEach, describe, expect, test } from 'vitest'
import { createLogger } from '../infra/createLogger.ts'
import {
  type BlockNumberReader,
  type ChainHealthMonitor,
  createChainHealthMonitor,
} from './chainHealthMonitor.ts'

/** A chain whose answers the test decides: answer at once, hang until released, or fail. */
function stubChain(block: bigint) {
  const chain = {
    mode: 'answer' as 'answer' | 'hang' | 'fail',
    requests: 0,
    hanging: [] as (() => void)[],
    release() {
      for (const answer of chain.hanging.splice(0)) answer()
    },
    client: {
      getBlockNumber: () => {
        chain.requests += 1
        if (chain.mode === 'fail') return Promise.reject(new Error('HTTP request failed.\nURL: http://x'))
        if (chain.mode === 'hang')
          return new Promise<bigint>((resolve) => chain.hanging.push(() => resolve(block)))
        return Promise.resolve(block)
      },
    } satisfies BlockNumberReader,
  }
  return chain
}

function capturedLogger() {
  const lines: { msg: string; chainId?: number }[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')))
      done()
    },
  })
  return { lines, logger: createLogger({ name: 'health', level: 'info', destination }) }
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 2))
}

let monitor: ChainHealthMonitor | undefined
afterEach(async () => {
  await monitor?.stop()
})

describe('createChainHealthMonitor', () => {
  test('answers from memory while a chain hangs, sends it no second request, and calls it stale', async () => {
    let clock = 1_000
    const origin = stubChain(42n)
    const destination = stubChain(7n)
    const { lines, logger } = capturedLogger()
    monitor = createChainHealthMonitor({
      chains: [
        { chainId: 31337, client: origin.client },
        { chainId: 31338, client: destination.client },
      ],
      logger,
      pollMs: 2,
      staleAfterMs: 5_000,
      now: () => clock,
    })
    await monitor.start()
    expect(monitor.chains()).toEqual([
      {
        chainId: 31337,
        block: 42n,
        answeredAtMs: 1_000,
        silentSinceMs: 1_000,
        stale: false,
        lastError: undefined,
      },
      {
        chainId: 31338,
        block: 7n,
        answeredAtMs: 1_000,
        silentSinceMs: 1_000,
        stale: false,
        lastError: undefined,
      },
    ])

    origin.mode = 'hang'
    await until(() => origin.hanging.length === 1)
    const asked = origin.requests
    // Many polls of the other chain later, the hanging one still has its single request out.
    const polled = destination.requests
    await until(() => destination.requests >= polled + 20)
    expect(origin.requests).toBe(asked)
    expect(origin.hanging).toHaveLength(1)

    clock = 6_001
    await until(() => monitor?.chains()[1]?.answeredAtMs === 6_001)
    const [stale, fresh] = monitor.chains()
    expect(stale).toMatchObject({
      chainId: 31337,
      block: 42n,
      answeredAtMs: 1_000,
      silentSinceMs: 1_000,
      stale: true,
      lastError: 'no answer within 2 ms',
    })
    expect(fresh).toMatchObject({ chainId: 31338, stale: false })
    await until(() => lines.some((line) => line.msg === 'chain stopped answering'))
    expect(lines.find((line) => line.msg === 'chain stopped answering')).toMatchObject({ chainId: 31337 })

    // The late answer counts: the chain is back.
    origin.release()
    await until(() => monitor?.chains()[0]?.stale === false)
    expect(monitor.chains()[0]).toMatchObject({ answeredAtMs: 6_001, lastError: undefined })
    await until(() => lines.some((line) => line.msg === 'chain answers again'))
  })

  test('a failing chain keeps its last block and a short reason, and turns stale', async () => {
    let clock = 0
    const chain = stubChain(9n)
    monitor = createChainHealthMonitor({
      chains: [{ chainId: 31337, client: chain.client }],
      logger: capturedLogger().logger,
      pollMs: 2,
      staleAfterMs: 100,
      now: () => clock,
    })
    await monitor.start()
    chain.mode = 'fail'
    clock = 101
    await until(() => monitor?.chains()[0]?.lastError !== undefined)
    expect(monitor.chains()[0]).toMatchObject({
      block: 9n,
      answeredAtMs: 0,
      stale: true,
      lastError: 'HTTP request failed.',
    })
  })

  test('start() waits for the first poll, so a chain that never answered is stale from the start', async () => {
    const chain = stubChain(1n)
    chain.mode = 'hang'
    monitor = createChainHealthMonitor({
      chains: [{ chainId: 31337, client: chain.client }],
      logger: capturedLogger().logger,
      pollMs: 5,
      now: () => 500,
    })
    await monitor.start()
    expect(monitor.chains()).toEqual([
      {
        chainId: 31337,
        block: undefined,
        answeredAtMs: undefined,
        silentSinceMs: 500,
        stale: true,
        lastError: 'no answer within 5 ms',
      },
    ])
    chain.release()
  })
})
