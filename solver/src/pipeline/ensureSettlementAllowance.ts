import { type Address, erc20Abi, type Hex, maxUint256, type PublicClient } from 'viem'
import type { TxSender } from '../infra/chain/txSender.types.ts'
import { ENGINE_READ_ABI } from './abis.ts'

export type EnsureSettlementAllowanceParameters = {
  client: PublicClient
  sender: TxSender
  engine: Address
}

/**
 * The solver fronts margin in the engine's settlement token, pulled by `transferFrom`: approve the
 * engine once for everything (checked by allowance, so a restart or a pre-approved key sends nothing).
 * Returns the approval's hash when one was sent.
 */
export async function ensureSettlementAllowance(
  parameters: EnsureSettlementAllowanceParameters,
): Promise<Hex | undefined> {
  const { client, sender, engine } = parameters
  const token = await client.readContract({
    address: engine,
    abi: ENGINE_READ_ABI,
    functionName: 'SETTLEMENT',
  })
  const allowance = await client.readContract({
    address: token,
    abi: erc20Abi,
    functionName: 'allowance',
    args: [sender.address, engine],
  })
  // Half of max: an unlimited approval that fronts have worn down a little is still unlimited.
  if (allowance >= maxUint256 / 2n) return undefined
  const { hash } = await sender.send({
    address: token,
    abi: erc20Abi,
    functionName: 'approve',
    args: [engine, maxUint256],
  })
  return hash
}
