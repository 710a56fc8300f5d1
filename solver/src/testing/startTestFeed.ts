import { chainOf, DEVNET_FEEDS, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, createWalletClient, type Hex, http, parseAbi } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const MOCK_PYTH_ABI = parseAbi([
  'function createPriceFeedUpdateData(bytes32 id, int64 price, uint64 conf, int32 expo, int64 emaPrice, uint64 emaConf, uint64 publishTime, uint64 prevPublishTime) pure returns (bytes)',
  'function updatePriceFeeds(bytes[] updateData) payable',
  'function getPriceUnsafe(bytes32 id) view returns ((int64 price, uint64 conf, int32 expo, uint256 publishTime))',
])

export type TestFeed = {
  /** Sets a feed's price (whole dollars) and posts every feed at once. */
  set(feed: keyof typeof DEVNET_FEEDS, dollars: bigint): Promise<void>
  stop(): Promise<void>
}

/**
 * Keeps the devnet's Pyth prices fresh (the oracle refuses prices older than 60 s of chain time) by
 * posting the current prices every `intervalMs` from the deployer, whose nonce nothing else uses.
 */
export function startTestFeed(manifest: DevnetManifest, intervalMs = 5_000): TestFeed {
  const destination = chainOf(manifest, 'destination')
  const transport = http(destination.rpcUrl)
  const client = createPublicClient({ transport, pollingInterval: 50 })
  const wallet = createWalletClient({
    transport,
    account: privateKeyToAccount(manifest.accounts.deployer.privateKey),
  })
  const mockPyth = destination.contracts.mockPyth as Address
  const prices = new Map<keyof typeof DEVNET_FEEDS, bigint>(
    Object.entries(DEVNET_FEEDS).map(([name, feed]) => [
      name as keyof typeof DEVNET_FEEDS,
      BigInt(feed.price),
    ]),
  )
  let posting: Promise<void> = Promise.resolve()

  async function post(): Promise<void> {
    const [block, last] = await Promise.all([
      client.getBlock(),
      client.readContract({
        address: mockPyth,
        abi: MOCK_PYTH_ABI,
        functionName: 'getPriceUnsafe',
        args: [DEVNET_FEEDS['ETH/USD'].id],
      }),
    ])
    // Pyth keeps only strictly newer updates.
    const publishTime = block.timestamp > last.publishTime ? block.timestamp : last.publishTime + 1n
    const updates: Hex[] = []
    for (const [name, dollars] of prices) {
      const scaled = dollars * 100_000_000n
      updates.push(
        await client.readContract({
          address: mockPyth,
          abi: MOCK_PYTH_ABI,
          functionName: 'createPriceFeedUpdateData',
          args: [DEVNET_FEEDS[name].id, scaled, scaled / 2_000n, -8, scaled, 0n, publishTime, 0n],
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
    await client.waitForTransactionReceipt({ hash })
  }

  const enqueue = () => {
    posting = posting.then(post, post)
    return posting
  }
  const timer = setInterval(() => {
    enqueue().catch(() => undefined)
  }, intervalMs)
  return {
    set(feed, dollars) {
      prices.set(feed, dollars)
      return enqueue()
    },
    async stop() {
      clearInterval(timer)
      await posting.catch(() => undefined)
    },
  }
}
