import type { Address, Hex, PublicClient } from 'viem'
import { ENGINE_READ_ABI, VAULT_READ_ABI } from './abis.ts'

/** `ICollateralVault.Status`, by index. */
export const ESCROW_STATUSES = ['None', 'Open', 'Filled', 'Refunded'] as const
export type EscrowStatus = (typeof ESCROW_STATUSES)[number]

/** `IMarginEngine.Status`, by index. */
export const POSITION_STATUSES = ['None', 'Open', 'Closed', 'Expired'] as const
export type PositionStatus = (typeof POSITION_STATUSES)[number]

/** What both chains say about one order, with each chain's latest block time (unix seconds). */
export type OrderState = {
  escrow: { status: EscrowStatus; opener: Address }
  position: { status: PositionStatus; filler: Address; remoteBacked: boolean; front: bigint }
  originNow: number
  destinationNow: number
}

export type ReadOrderStateParameters = {
  orderId: Hex
  origin: { public: PublicClient; vault: Address }
  destination: { public: PublicClient; engine: Address }
}

/** One consistent-enough snapshot: the decision that follows is re-checked by simulation anyway. */
export async function readOrderState(parameters: ReadOrderStateParameters): Promise<OrderState> {
  const { orderId, origin, destination } = parameters
  const [escrow, position, originBlock, destinationBlock] = await Promise.all([
    origin.public.readContract({
      address: origin.vault,
      abi: VAULT_READ_ABI,
      functionName: 'escrowOf',
      args: [orderId],
    }),
    destination.public.readContract({
      address: destination.engine,
      abi: ENGINE_READ_ABI,
      functionName: 'positionOf',
      args: [orderId],
    }),
    origin.public.getBlock(),
    destination.public.getBlock(),
  ])
  return {
    escrow: { status: ESCROW_STATUSES[escrow.status] ?? 'None', opener: escrow.opener },
    position: {
      status: POSITION_STATUSES[position.status] ?? 'None',
      filler: position.filler,
      remoteBacked: position.remoteBacked,
      front: position.front,
    },
    originNow: Number(originBlock.timestamp),
    destinationNow: Number(destinationBlock.timestamp),
  }
}
