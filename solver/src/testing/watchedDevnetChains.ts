import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, http } from 'viem'
import type { WatchedChain } from '../infra/chain/chainWatcher.ts'

/** The devnet's origin vault and destination engine, from their deploy blocks, for a chain watcher. */
export function watchedDevnetChains(manifest: DevnetManifest): WatchedChain[] {
  const origin = chainOf(manifest, 'origin')
  const destination = chainOf(manifest, 'destination')
  return [
    {
      chainId: origin.chainId,
      client: createPublicClient({ transport: http(origin.rpcUrl) }),
      vault: origin.contracts.collateralVault as Address,
      fromBlock: BigInt(origin.deployBlock),
    },
    {
      chainId: destination.chainId,
      client: createPublicClient({ transport: http(destination.rpcUrl) }),
      engine: destination.contracts.marginEngine as Address,
      fromBlock: BigInt(destination.deployBlock),
    },
  ]
}
