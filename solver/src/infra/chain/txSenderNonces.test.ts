import { describe, expect, test } from 'vitest'
import { createTxSenderNonces } from './txSenderNonces.ts'

function nodeWithPending(count: number) {
  const node = { pending: count, reads: 0 }
  const nonces = createTxSenderNonces({
    pendingCount: async () => {
      node.reads += 1
      return node.pending
    },
  })
  return { node, nonces }
}

describe('createTxSenderNonces', () => {
  test('concurrent takes get consecutive nonces from one read of the pending count', async () => {
    const { node, nonces } = nodeWithPending(7)
    const taken = await Promise.all(Array.from({ length: 5 }, () => nonces.take()))
    expect(taken.sort((a, b) => a - b)).toEqual([7, 8, 9, 10, 11])
    expect(node.reads).toBe(1)
  })

  test('a released nonce is taken next, so a failed send leaves no gap', async () => {
    const { nonces } = nodeWithPending(0)
    const [a, b, c] = [await nonces.take(), await nonces.take(), await nonces.take()]
    nonces.release(b)
    expect(await nonces.take()).toBe(b)
    expect(await nonces.take()).toBe(c + 1)
    expect(a).toBe(0)
  })

  test('after a nonce is refused as used, it catches up with the node and never goes back', async () => {
    const { node, nonces } = nodeWithPending(3)
    expect(await nonces.take()).toBe(3)
    // Another process sent two transactions with the same key.
    node.pending = 6
    nonces.taken(4)
    expect(await nonces.take()).toBe(6)
    // A pending count behind what we handed out (our sends still in flight) does not move it back.
    node.pending = 2
    nonces.taken(6)
    expect(await nonces.take()).toBe(7)
  })

  test('a failed read of the pending count is retried by the next take', async () => {
    let fail = true
    const nonces = createTxSenderNonces({
      pendingCount: async () => {
        if (fail) throw new Error('rpc down')
        return 4
      },
    })
    await expect(nonces.take()).rejects.toThrow('rpc down')
    fail = false
    expect(await nonces.take()).toBe(4)
  })
})
