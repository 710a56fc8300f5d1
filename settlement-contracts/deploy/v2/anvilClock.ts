import type { ChainDeployer } from '../chainDeployer.ts'

/**
 * Sets anvil's clock `seconds` behind its latest block (anvil's `evm_setTime` may go back; nothing
 * else does). Done first on a fresh chain, this lets a later `advanceClockTo` wait out a delay on chain
 * and still leave the clock at the machine's time: a clock left ahead would make intents stamped from
 * the wall clock (`fillDeadline`, a withdrawal's deadline) expire early on this chain.
 */
export async function rewindClock(chain: ChainDeployer, seconds: number): Promise<void> {
  const { timestamp } = await chain.client.getBlock()
  await chain.client.request<{ Parameters: [number]; ReturnType: unknown }>({
    method: 'evm_setTime',
    params: [Number(timestamp) - seconds],
  })
  chain.progress(`clock set ${seconds} s back`)
}

/** Makes the next block's time `timestamp`, or the machine's time if that is later; never earlier than now. */
export async function advanceClockTo(chain: ChainDeployer, timestamp: bigint): Promise<void> {
  const wallClock = BigInt(Math.floor(Date.now() / 1000))
  const target = timestamp > wallClock ? timestamp : wallClock
  const { timestamp: latest } = await chain.client.getBlock()
  if (target <= latest) return
  await chain.client.request<{ Parameters: [number]; ReturnType: unknown }>({
    method: 'evm_setNextBlockTimestamp',
    params: [Number(target)],
  })
}
