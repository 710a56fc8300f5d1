import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { createPublicClient, http } from 'viem'

/** Whole seconds between the destination chain's deploy block and its latest block. */
export async function secondsSinceDeploy(manifest: DevnetManifest): Promise<number> {
  const chain = chainOf(manifest, 'destination')
  const client = createPublicClient({ transport: http(chain.rpcUrl) })
  const [deployed, latest] = await Promise.all([
    client.getBlock({ blockNumber: BigInt(chain.deployBlock) }),
    client.getBlock(),
  ])
  return Number(latest.timestamp - deployed.timestamp)
}
