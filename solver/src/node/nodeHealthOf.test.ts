import { describe, expect, test } from 'vitest'
import type { ChainHealth } from './chainHealthMonitor.ts'
import { type NodeHealthOfParameters, nodeHealthOf } from './nodeHealthOf.ts'

const NOW = Date.parse('2026-03-01T12:00:10.000Z')
const answering: ChainHealth = {
  chainId: 31337,
  block: 42n,
  answeredAtMs: NOW - 300,
  silentSinceMs: NOW - 300,
  stale: false,
  lastError: undefined,
}
const base: NodeHealthOfParameters = {
  name: 'solver-1',
  peerId: '12D3KooWNode',
  peers: 2,
  minPeers: 1,
  solver: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  chains: [answering, { ...answering, chainId: 31338, block: 7n }],
  nowMs: NOW,
}

describe('nodeHealthOf', () => {
  test('ok with no reasons when peers are connected and every chain answers', () => {
    expect(nodeHealthOf(base)).toEqual({
      ok: true,
      name: 'solver-1',
      reasons: [],
      peerId: '12D3KooWNode',
      peers: 2,
      chains: [
        { chainId: 31337, block: 42, ageMs: 300, ok: true },
        { chainId: 31338, block: 7, ageMs: 300, ok: true },
      ],
      solver: base.solver,
    })
  })

  test('not ok with no peers, unless the node is the first of its network', () => {
    expect(nodeHealthOf({ ...base, peers: 0 })).toMatchObject({ ok: false, reasons: ['no peers'], peers: 0 })
    expect(nodeHealthOf({ ...base, peers: 0, minPeers: 0 })).toMatchObject({ ok: true, reasons: [] })
  })

  test('names a stale chain, since when it is silent, its last block and the last error', () => {
    const stale: ChainHealth = {
      chainId: 31338,
      block: 7n,
      answeredAtMs: NOW - 9_000,
      silentSinceMs: NOW - 9_000,
      stale: true,
      lastError: 'no answer within 1000 ms',
    }
    const health = nodeHealthOf({ ...base, chains: [answering, stale] })
    expect(health.ok).toBe(false)
    expect(health.reasons).toEqual([
      'chain 31338: stale, no answer since 2026-03-01T12:00:01.000Z (9000 ms; last block 7): no answer within 1000 ms',
    ])
    expect(health.chains[1]).toEqual({ chainId: 31338, block: 7, ageMs: 9_000, ok: false })
  })

  test('a chain that never answered has no block and no age', () => {
    const never: ChainHealth = {
      chainId: 31337,
      block: undefined,
      answeredAtMs: undefined,
      silentSinceMs: NOW - 1_000,
      stale: true,
      lastError: 'HTTP request failed.',
    }
    const health = nodeHealthOf({ ...base, chains: [never] })
    expect(health.chains).toEqual([{ chainId: 31337, block: null, ageMs: null, ok: false }])
    expect(health.reasons).toEqual([
      'chain 31337: no answer since the node started (2026-03-01T12:00:09.000Z): HTTP request failed.',
    ])
  })
})
