import {
  DEVNET_FEEDS,
  type DevnetFeedName,
  type DevnetManifest,
  postDevnetPrices,
} from '@xmargin/settlement-contracts/deploy'
import { privateKeyToAccount } from 'viem/accounts'

export type TestFeed = {
  /** Sets a feed's price (whole dollars) and posts every feed at once. */
  set(feed: DevnetFeedName, dollars: bigint): Promise<void>
  stop(): Promise<void>
}

/** Whole-dollar prices by feed, e.g. `{ 'ETH/USD': 3_000n }`. */
export type TestPrices = Partial<Record<DevnetFeedName, bigint>>

/**
 * Keeps the devnet's Pyth prices fresh (the oracle refuses prices older than 60 s of chain time) by
 * posting the current prices every `intervalMs` from the deployer, whose nonce nothing else uses.
 */
export function startTestFeed(manifest: DevnetManifest, intervalMs = 5_000): TestFeed {
  const post = (current: TestPrices) => postTestPrices(manifest, current)
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
 * Posts the prices once (±0.05% confidence), from the deployer: for a test that moves prices itself
 * and must not share the deployer's nonce with a running feed.
 */
export async function postTestPrices(manifest: DevnetManifest, prices: TestPrices): Promise<void> {
  await postDevnetPrices({
    manifest,
    account: privateKeyToAccount(manifest.accounts.deployer.privateKey),
    prices: Object.fromEntries(Object.entries(prices).map(([name, dollars]) => [name, Number(dollars)])),
  })
}
