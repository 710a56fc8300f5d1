import type { TypedDataDefinition } from 'viem'
import { describe, expect, test } from 'vitest'
import { domain, sampleTrade, sampleWithdraw, solver, trader } from '../../testing/v2/samples.ts'
import { actionTypedData } from './actionTypedData.ts'
import { signAction } from './signAction.ts'
import type { Action } from './types.ts'
import { verifyAction } from './verifyAction.ts'

const actions: Action[] = [
  { kind: 'trade', message: sampleTrade() },
  { kind: 'withdraw', message: sampleWithdraw() },
]

describe('signAction', () => {
  test.each(actions.map((a) => [a.kind, a] as const))(
    'signs a %s exactly as viem’s signTypedData does, with or without a raw signer',
    async (_kind, action) => {
      const signed = await signAction({ action, account: trader, ...domain })
      const expected = await trader.signTypedData(
        actionTypedData({ action, ...domain }) as TypedDataDefinition,
      )
      expect(signed).toEqual({ ...action, ...domain, signature: expected })
      const typedDataOnly = { ...trader, sign: undefined }
      expect((await signAction({ action, account: typedDataOnly, ...domain })).signature).toBe(expected)
      expect(verifyAction(signed).signer).toBe(trader.address)
    },
  )

  test('refuses to sign for another account', async () => {
    await expect(
      signAction({ action: actions[0] as Action, account: solver, ...domain }),
    ).rejects.toMatchObject({
      code: 'ACCOUNT_MISMATCH',
      field: 'message.account',
    })
  })

  test('refuses to sign an invalid action', async () => {
    const action: Action = { kind: 'withdraw', message: sampleWithdraw({ amount: 0n }) }
    await expect(signAction({ action, account: trader, ...domain })).rejects.toMatchObject({
      code: 'INVALID_FIELD',
      field: 'message.amount',
    })
  })
})
