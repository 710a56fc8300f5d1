import { describe, expect, test } from 'vitest'
import { solverOfUserAgent, solverUserAgent } from './solverUserAgent.ts'

const SOLVER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

describe('the solver user agent', () => {
  test('names the solver address, which a peer reads back', () => {
    expect(solverUserAgent(SOLVER.toLowerCase() as `0x${string}`)).toBe(`xmargin-solver/1 ${SOLVER}`)
    expect(solverOfUserAgent(solverUserAgent(SOLVER))).toBe(SOLVER)
  })

  test('other agents and garbage name no solver', () => {
    expect(solverOfUserAgent(undefined)).toBeUndefined()
    expect(solverOfUserAgent('js-libp2p/2.10.0 UserAgent=v24.21.0')).toBeUndefined()
    expect(solverOfUserAgent('xmargin-solver/1 not-an-address')).toBeUndefined()
  })
})
