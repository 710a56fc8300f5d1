import { chainOf, type DevnetManifest, loadArtifact } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, type Hex, http } from 'viem'

export type CountDoublesReturnType = {
  opens: number
  fills: number
  /** Orders with more than one vault `Open` (origin) or engine `Filled` (destination): must be none. */
  doubleOpens: Hex[]
  doubleFills: Hex[]
}

/** Every `Open` on the origin vault and `Filled` on the destination engine since block 0, per order. */
export async function countDoubles(manifest: DevnetManifest): Promise<CountDoublesReturnType> {
  const [opens, fills] = await Promise.all([
    eventsPerOrder(manifest, 'origin', 'collateralVault', 'CollateralVault.sol', 'Open'),
    eventsPerOrder(manifest, 'destination', 'marginEngine', 'MarginEngine.sol', 'Filled'),
  ])
  const doubles = (counts: Map<Hex, number>) => [...counts].filter(([, n]) => n > 1).map(([id]) => id)
  return {
    opens: sum(opens),
    fills: sum(fills),
    doubleOpens: doubles(opens),
    doubleFills: doubles(fills),
  }
}

async function eventsPerOrder(
  manifest: DevnetManifest,
  role: 'origin' | 'destination',
  contract: 'collateralVault' | 'marginEngine',
  artifact: string,
  eventName: string,
): Promise<Map<Hex, number>> {
  const chain = chainOf(manifest, role)
  const client = createPublicClient({ transport: http(chain.rpcUrl) })
  const logs = await client.getContractEvents({
    address: chain.contracts[contract] as Address,
    abi: loadArtifact(artifact).abi,
    eventName,
    fromBlock: 0n,
  })
  const counts = new Map<Hex, number>()
  for (const log of logs) {
    const { orderId } = (log as unknown as { args: { orderId: Hex } }).args
    counts.set(orderId, (counts.get(orderId) ?? 0) + 1)
  }
  return counts
}

function sum(counts: Map<Hex, number>): number {
  let total = 0
  for (const n of counts.values()) total += n
  return total
}
