import { chainOf, DEVNET_FEEDS, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { createPublicClient, createWalletClient, http, type LocalAccount, parseAbi } from 'viem'
import type { FeedName } from './pricePaths.ts'

const MOCK_PYTH_ABI = parseAbi([
  'function createPriceFeedUpdateData(bytes32 id, int64 price, uint64 conf, int32 expo, int64 emaPrice, uint64 emaConf, uint64 publishTime, uint64 prevPublishTime) pure returns (bytes)',
  'function updatePriceFeeds(bytes[] updateData) payable',
  'function getPriceUnsafe(bytes32 id) view returns ((int64 price, uint64 conf, int32 expo, uint256 publishTime))',
])

/** Pyth's 8-decimal prices, ±0.05% confidence, as the devnet's starting prices are posted. */
const EXPO = -8

export type PostPricesReturnType = { publishTime: bigint; blockNumber: bigint }

/**
 * Posts one Pyth update per feed to the destination chain's MockPyth, in one transaction. The publish
 * time is the chain's latest block time, or one second after the last posted price if that is later,
 * because Pyth keeps only strictly newer updates.
 */
export async function postPrices(
  manifest: DevnetManifest,
  account: LocalAccount,
  prices: Record<FeedName, number>,
): Promise<PostPricesReturnType> {
  const chain = chainOf(manifest, 'destination')
  const mockPyth = chain.contracts.mockPyth as `0x${string}`
  const transport = http(chain.rpcUrl)
  const client = createPublicClient({ transport })
  const wallet = createWalletClient({ account, transport })
  const block = await client.getBlock()
  const last = await client.readContract({
    address: mockPyth,
    abi: MOCK_PYTH_ABI,
    functionName: 'getPriceUnsafe',
    args: [DEVNET_FEEDS['ETH/USD'].id],
  })
  // The later of the chain's and this machine's clock: an idle automining chain's latest block may be
  // old, and a price stamped with it would be stale in the next block.
  const wallClock = BigInt(Math.floor(Date.now() / 1000))
  const now = block.timestamp > wallClock ? block.timestamp : wallClock
  const publishTime = now > last.publishTime ? now : last.publishTime + 1n
  const updates: `0x${string}`[] = []
  for (const [name, price] of Object.entries(prices) as [FeedName, number][]) {
    const scaled = BigInt(Math.round(price * 1e8))
    updates.push(
      await client.readContract({
        address: mockPyth,
        abi: MOCK_PYTH_ABI,
        functionName: 'createPriceFeedUpdateData',
        args: [DEVNET_FEEDS[name].id, scaled, scaled / 2_000n, EXPO, scaled, 0n, publishTime, 0n],
      }),
    )
  }
  const hash = await wallet.writeContract({
    address: mockPyth,
    abi: MOCK_PYTH_ABI,
    functionName: 'updatePriceFeeds',
    args: [updates],
    chain: null,
  })
  const receipt = await client.waitForTransactionReceipt({ hash })
  return { publishTime, blockNumber: receipt.blockNumber }
}

/** The price MockPyth holds for a feed, in dollars. */
export async function readPrice(manifest: DevnetManifest, feed: FeedName): Promise<number> {
  const chain = chainOf(manifest, 'destination')
  const client = createPublicClient({ transport: http(chain.rpcUrl) })
  const price = await client.readContract({
    address: chain.contracts.mockPyth as `0x${string}`,
    abi: MOCK_PYTH_ABI,
    functionName: 'getPriceUnsafe',
    args: [DEVNET_FEEDS[feed].id],
  })
  return Number(price.price) / 1e8
}

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
