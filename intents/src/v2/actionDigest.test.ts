import { createRequire } from 'node:module'
import fc from 'fast-check'
import { hashTypedData, type TypedDataDefinition } from 'viem'
import { describe, expect, test } from 'vitest'
import { arbitraryAction, arbitraryDomain } from '../../testing/v2/arbitrary.ts'
import { domain, ENGINE, sampleTrade, sampleWithdraw } from '../../testing/v2/samples.ts'
import { actionDigest } from './actionDigest.ts'
import { actionTypedData } from './actionTypedData.ts'
import { hashTrade } from './hashTrade.ts'
import { hashWithdraw } from './hashWithdraw.ts'
import type { Action, ActionDomain } from './types.ts'

type EthersTypedDataEncoder = { hash(domain: object, types: object, value: object): string }
const { _TypedDataEncoder } = createRequire(import.meta.url)('@ethersproject/hash') as {
  _TypedDataEncoder: EthersTypedDataEncoder
}

const viemDigest = (action: Action, on: ActionDomain) =>
  hashTypedData(actionTypedData({ action, ...on }) as TypedDataDefinition)

function ethersDigest(action: Action, on: ActionDomain): string {
  const { domain: d, types, message } = actionTypedData({ action, ...on })
  const plain = JSON.parse(JSON.stringify(message, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
  // ethers v5 refuses a JavaScript number past 2^53 − 2: the chain id goes in as a string.
  return _TypedDataEncoder.hash({ ...d, chainId: on.chainId.toString() }, types, plain)
}

const trade: Action = { kind: 'trade', message: sampleTrade() }
const withdraw: Action = { kind: 'withdraw', message: sampleWithdraw() }

describe('actionDigest', () => {
  test('is the struct hash under the engine’s domain, as viem’s hashTypedData computes it', () => {
    expect(actionDigest({ action: trade, ...domain })).toEqual({
      actionHash: hashTrade(trade.message),
      digest: viemDigest(trade, domain),
    })
    expect(actionDigest({ action: withdraw, ...domain })).toEqual({
      actionHash: hashWithdraw(withdraw.message),
      digest: viemDigest(withdraw, domain),
    })
  })

  test('the domain is {name: "xmargin", version: "2", chainId, verifyingContract: engine}', () => {
    expect(actionTypedData({ action: trade, ...domain }).domain).toEqual({
      name: 'xmargin',
      version: '2',
      chainId: 31338,
      verifyingContract: ENGINE,
    })
  })

  test('binds the action to one engine on one chain', () => {
    const here = actionDigest({ action: trade, ...domain }).digest
    expect(actionDigest({ action: trade, chainId: 1n, engine: ENGINE }).digest).not.toBe(here)
    expect(
      actionDigest({ action: trade, chainId: domain.chainId, engine: `0x${'11'.repeat(20)}` }).digest,
    ).not.toBe(here)
  })

  test('agrees with viem and ethers on random actions and domains', () => {
    fc.assert(
      fc.property(arbitraryAction, arbitraryDomain, (action, on) => {
        const { digest } = actionDigest({ action, ...on })
        return digest === viemDigest(action, on) && digest === ethersDigest(action, on)
      }),
      { numRuns: 1000, seed: 23 },
    )
  })
})
