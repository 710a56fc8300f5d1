import type { Address } from 'viem'

/**
 * Defaults for the local devnet: two anvil chains, and the addresses of the first contracts the
 * deployer (anvil's first account) creates, so the vault, the engine and the collateral token land
 * at the same places on every fresh devnet. Pass flags for anything else.
 */
export const DEVNET = {
  originChainId: '31337',
  destinationChainId: '31338',
  vault: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address,
  engine: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' as Address,
  token: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0' as Address,
} as const
