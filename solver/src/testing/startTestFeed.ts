import { chainOf, DEVNET_FEEDS, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, createWalletClient, type Hex, http, parseAbi } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const MOCK_PYTH_ABI = parseAbi([
  'function createPriceFeedUpdateData(bytes32 id, int64 price, uint64 conf, int32 expo, int64 emaPrice, uint64 emaConf, uint64 publishTime, uint64 prevPublishTime) pure returns (bytes)',
  'function updatePriceFeeds(bytes[] updateData) payable',
  'function getPriceUnsafe(bytes32 id) view returns ((int64 price, uint64 conf, int32 expo, uint256 publishTime))',
])

type FeedName = keyof typeof DEVNET_FEEDS

export type TestFeed = {
  /** Sets a feed's price (whole dollars) and posts every feed at once. */
  set(feed: FeedName, dollars: bigint): Promise<void>
  stop(): Promise<void>
}

/** Whole-dollar prices by feed, e.g. `{ 'ETH/USD': 3_000n }`. */
export type TestPrices = Partial<Record<FeedName, bigint>>

/**
 * Keeps the devnet's Pyth prices fresh (the oracle refuses prices older than 60 s of chain time) by
 * posting the current prices every `intervalMs` from the deployer, whose nonce nothing else uses.
 */
export function startTestFeed(manifest: DevnetManifest, intervalMs = 5_000): TestFeed {
  const post = pricePoster(manifest)
  const prices: TestPrices = Object.fromEntries(
    Object.entries(DEVNET_FEEDS).map(([name, feed]) => [name, BigInt(feed.price)]),
  )
  let posting: Promise<void> = Promise.resolve()
  const enqueue = () => {
    const next = () => post(prices)
    posting = posting.then(next, next)
    return posting
  }
  const timer = setInterval(() => {
    enqueue().catch(() => undefined)
  }, intervalMs)
  return {
    set(feed, dollars) {
      prices[feed] = dollars
      return enqueue()
    },
    async stop() {
      clearInterval(timer)
      await posting.catch(() => undefined)
    },
  }
}

/**
 * Posts the prices once, fresh at the destination's latest block (±0.05% confidence), from the deployer:
 * for a test that moves prices itself and must not share the deployer's nonce with a running feed.
 */
export function postTestPrices(manifest: DevnetManifest, prices: TestPrices): Promise<void> {
  return pricePoster(manifest)(prices)
}

function pricePoster(manifest: DevnetManifest): (prices: TestPrices) => Promise<void> {
  const destination = chainOf(manifest, 'destination')
  const transport = http(destination.rpcUrl)
  const client = createPublicClient({ transport, pollingInterval: 50 })
  const wallet = createWalletClient({
    transport,
    account: privateKeyToAccount(manifest.accounts.deployer.privateKey),
  })
  const mockPyth = destination.contracts.mockPyth as Address

  return async (prices) => {
    const feeds = Object.entries(prices).flatMap(([name, dollars]) =>
      dollars === undefined
        ? []
        : [{ id: DEVNET_FEEDS[name as FeedName].id, scaled: dollars * 100_000_000n }],
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
    // Now by the later of the chain's and this machine's clock: an automining chain's latest block may
    // be minutes old, and a price stamped with it would already be stale in the next block. Pyth keeps
    // only strictly newer updates.
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
          args: [id, scaled, scaled / 2_000n, -8, scaled, 0n, publishTime, 0n],
        }),
      )
    }
    const hash = await wallet.writeContract({
      chain: null,
      address: mockPyth,
      abi: MOCK_PYTH_ABI,
      functionName: 'updatePriceFeeds',
      args: [updates],
    })
    const receipt = await client.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`price update ${hash} reverted`)
  }
}
