import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type LocalAccount,
  parseAbi,
} from 'viem'
import { DEVNET_FEEDS, type DevnetFeedName } from './config.ts'
import { DeploymentFailedError } from './errors.ts'
import { chainOf, type DevnetManifest } from './manifest.ts'

const MOCK_PYTH_ABI = parseAbi([
  'function createPriceFeedUpdateData(bytes32 id, int64 price, uint64 conf, int32 expo, int64 emaPrice, uint64 emaConf, uint64 publishTime, uint64 prevPublishTime) pure returns (bytes)',
  'function updatePriceFeeds(bytes[] updateData) payable',
  'function getPriceUnsafe(bytes32 id) view returns ((int64 price, uint64 conf, int32 expo, uint256 publishTime))',
])

/** Pyth's 8-decimal prices with a ±0.05% confidence band, as the deploy posts its starting prices. */
const EXPO = -8

export type PostDevnetPricesParameters = {
  manifest: DevnetManifest
  /** Pays for the update; the devnet feed and the tests use the deployer, whose nonce nothing else needs. */
  account: LocalAccount
  /** Dollars per unit, for the feeds to update (others keep their price). */
  prices: Partial<Record<DevnetFeedName, number>>
}

export type PostDevnetPricesReturnType = { publishTime: bigint; blockNumber: bigint }

/**
 * Posts one Pyth update per given feed to the destination chain's MockPyth, in one transaction. The
 * publish time is the later of the chain's and this machine's clock (an idle automining chain's
 * latest block may be minutes old, and a price stamped with it would be stale in the next block), and
 * after every feed's last update, because Pyth keeps only strictly newer ones.
 */
export async function postDevnetPrices({
  manifest,
  account,
  prices,
}: PostDevnetPricesParameters): Promise<PostDevnetPricesReturnType> {
  const chain = chainOf(manifest, 'destination')
  const mockPyth = chain.contracts.mockPyth as Address
  const transport = http(chain.rpcUrl)
  const client = createPublicClient({ transport, pollingInterval: 50 })
  const wallet = createWalletClient({ account, transport })
  const feeds = (Object.entries(prices) as [DevnetFeedName, number | undefined][]).flatMap(
    ([name, dollars]) =>
      dollars === undefined ? [] : [{ id: DEVNET_FEEDS[name].id, scaled: BigInt(Math.round(dollars * 1e8)) }],
  )
  const [block, ...last] = await Promise.all([
    client.getBlock(),
    ...feeds.map(({ id }) =>
      client.readContract({
        address: mockPyth,
        abi: MOCK_PYTH_ABI,
        functionName: 'getPriceUnsafe',
        args: [id],
      }),
    ),
  ])
  const wallClock = BigInt(Math.floor(Date.now() / 1000))
  const publishTime = last.reduce(
    (time, price) => (price.publishTime < time ? time : price.publishTime + 1n),
    block.timestamp > wallClock ? block.timestamp : wallClock,
  )
  const updates: Hex[] = []
  for (const { id, scaled } of feeds) {
    updates.push(
      await client.readContract({
        address: mockPyth,
        abi: MOCK_PYTH_ABI,
        functionName: 'createPriceFeedUpdateData',
        args: [id, scaled, scaled / 2_000n, EXPO, scaled, 0n, publishTime, 0n],
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
  if (receipt.status !== 'success') throw new DeploymentFailedError(`price update ${hash} reverted`)
  return { publishTime, blockNumber: receipt.blockNumber }
}

/** The price MockPyth holds for a feed, in dollars. */
export async function readDevnetPrice(manifest: DevnetManifest, feed: DevnetFeedName): Promise<number> {
  const chain = chainOf(manifest, 'destination')
  const client = createPublicClient({ transport: http(chain.rpcUrl) })
  const price = await client.readContract({
    address: chain.contracts.mockPyth as Address,
    abi: MOCK_PYTH_ABI,
    functionName: 'getPriceUnsafe',
    args: [DEVNET_FEEDS[feed].id],
  })
  return Number(price.price) / 1e8
}
