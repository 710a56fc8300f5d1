import { Writable } from 'node:stream'
import { BaseError } from 'viem'
import { describe, expect, test } from 'vitest'
import { ChainUnavailableError } from '../errors.ts'
import { createLogger, serializeError } from './createLogger.ts'

const calldata = `0x${'ab'.repeat(10_000)}`

describe('serializeError', () => {
  test('keeps the stack: the first line, then the call frames', () => {
    const serialized = serializeError(new RangeError('out of range'))
    expect(serialized).toMatchObject({ type: 'RangeError', message: 'out of range' })
    expect(serialized.stack).toMatch(/^RangeError: out of range\n\s+at .*createLogger\.test\.ts:\d+/)
  })

  test('stays short for a viem error that carries kilobytes of calldata in its message and stack', () => {
    const error = new BaseError('Execution reverted.', { details: `data: ${calldata}` })
    expect(error.message.length).toBeGreaterThan(20_000)
    expect(error.stack?.length).toBeGreaterThan(20_000)
    const serialized = serializeError(
      new ChainUnavailableError('CHAIN_UNAVAILABLE', 'read failed', { cause: error }),
    )
    expect(serialized).toMatchObject({
      type: 'ChainUnavailableError',
      message: 'read failed',
      code: 'CHAIN_UNAVAILABLE',
      cause: 'Execution reverted.',
    })
    const alone = serializeError(error)
    expect(alone.message).toBe('Execution reverted.')
    expect(alone.stack).toMatch(/^BaseError: Execution reverted\.\n\s+at /)
    for (const part of [serialized, alone]) expect(JSON.stringify(part).length).toBeLessThan(3_000)
  })
})

test('the logger writes an error under `err` with its stack', () => {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'))
      done()
    },
  })
  createLogger({ name: 't', destination }).error({ err: new TypeError('boom') }, 'failed')
  const line = JSON.parse(lines[0] ?? '{}')
  expect(line).toMatchObject({ level: 50, msg: 'failed', err: { type: 'TypeError', message: 'boom' } })
  expect(line.err.stack).toMatch(/^TypeError: boom\n\s+at /)
})
