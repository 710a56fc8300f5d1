import { describe, expect, test } from 'vitest'
import {
  domain,
  SOLVER_KEY,
  sampleTrade,
  sampleWithdraw,
  TRADER_KEY,
  trader,
} from '../../testing/v2/samples.ts'
import { highS, ledgerStyle, metamaskLikeWallet } from '../../testing/v2/wallet.ts'
import { signAction } from './signAction.ts'
import { signActionWithWallet } from './signActionWithWallet.ts'
import type { Action } from './types.ts'

const actions: Action[] = [
  { kind: 'trade', message: sampleTrade() },
  { kind: 'withdraw', message: sampleWithdraw() },
]

describe('signActionWithWallet', () => {
  test.each(actions.map((a) => [a.kind, a] as const))(
    'a MetaMask-style wallet signs a %s as the local key does, whatever v and s it answers with',
    async (_kind, action) => {
      const expected = await signAction({ action, account: trader, ...domain })
      for (const mangle of [(s: string) => s, ledgerStyle, highS]) {
        const provider = metamaskLikeWallet(TRADER_KEY, mangle)
        expect(await signActionWithWallet({ action, provider, ...domain })).toEqual(expected)
      }
    },
  )

  test('a wallet that signs with another account is caught', async () => {
    const provider = metamaskLikeWallet(SOLVER_KEY)
    await expect(
      signActionWithWallet({ action: actions[0] as Action, provider, ...domain }),
    ).rejects.toMatchObject({
      code: 'SIGNER_MISMATCH',
    })
  })

  test('a contract wallet’s answer is kept as it is', async () => {
    const provider = { request: async () => '0x00' }
    const signed = await signActionWithWallet({
      action: actions[1] as Action,
      provider,
      signerHasCode: true,
      ...domain,
    })
    expect(signed.signature).toBe('0x00')
  })
})
