import { erc20Abi, zeroAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { createTxSenderGas } from './txSenderGas.ts'

const call = { address: zeroAddress, abi: erc20Abi, functionName: 'approve', args: [zeroAddress, 1n] }
const never = () => Promise.reject(new Error('not expected'))

describe('createTxSenderGas', () => {
  test('the first call is estimated; the next one is simulated at the gas the first used, with headroom', async () => {
    const gas = createTxSenderGas()
    expect(await gas.limitFor(call, never, async () => 100_000n)).toBe(130_000n)
    gas.learn(call, 90_000n)
    const simulatedAt: bigint[] = []
    const limit = await gas.limitFor(call, async (at) => void simulatedAt.push(at), never)
    expect([limit, simulatedAt]).toEqual([117_000n, [117_000n]])
  })

  test('a simulation that fails at the learnt limit falls back to the estimate, which reports the revert', async () => {
    const gas = createTxSenderGas()
    gas.learn(call, 50_000n)
    const reverts = () => Promise.reject(new Error('NotOpen'))
    await expect(gas.limitFor(call, reverts, reverts)).rejects.toThrow('NotOpen')
    expect(await gas.limitFor(call, reverts, async () => 200_000n)).toBe(260_000n)
  })

  test('a call that reverted on chain is estimated again', async () => {
    const gas = createTxSenderGas()
    gas.learn(call, 50_000n)
    gas.forget(call)
    expect(await gas.limitFor(call, never, async () => 70_000n)).toBe(91_000n)
  })
})
