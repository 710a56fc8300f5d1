import { SignTypedDataVersion, TypedDataUtils } from '@metamask/eth-sig-util'
import { bytesToHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { domain, sampleTrade, sampleWithdraw } from '../../testing/v2/samples.ts'
import { actionDigest } from './actionDigest.ts'
import { actionWalletPayload } from './actionWalletPayload.ts'
import type { Action } from './types.ts'

const trade: Action = { kind: 'trade', message: sampleTrade() }
const withdraw: Action = { kind: 'withdraw', message: sampleWithdraw() }

describe('actionWalletPayload', () => {
  test('carries the engine’s domain and only the action’s own type', () => {
    const payload = JSON.parse(actionWalletPayload({ action: trade, ...domain }))
    expect(payload.primaryType).toBe('Trade')
    expect(payload.domain).toEqual({
      name: 'xmargin',
      version: '2',
      chainId: 31338,
      verifyingContract: domain.engine.toLowerCase(),
    })
    expect(Object.keys(payload.types).sort()).toEqual(['EIP712Domain', 'Trade'])
    expect(payload.message.sizeDelta).toBe('-5000000000000000000')
    expect(JSON.parse(actionWalletPayload({ action: withdraw, ...domain })).primaryType).toBe('Withdraw')
  })

  test('MetaMask’s own EIP-712 hash of the payload is the digest', () => {
    for (const action of [trade, withdraw]) {
      const payload = JSON.parse(actionWalletPayload({ action, ...domain }))
      const hash = TypedDataUtils.eip712Hash(payload, SignTypedDataVersion.V4)
      expect(bytesToHex(hash)).toBe(actionDigest({ action, ...domain }).digest)
    }
  })
})
