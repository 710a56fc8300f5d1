import { type DevnetManifest, postDevnetPrices } from '@xmargin/settlement-contracts/deploy'
import { privateKeyToAccount } from 'viem/accounts'
import { devnetPricePaths, type FeedName, pricesAt } from '../devnet/pricePaths.ts'
import { secondsSinceDeploy } from '../devnet/secondsSinceDeploy.ts'

export type DemoFeed = {
  /** Posts once now (so every price is fresh), then every `intervalMs` until stopped. */
  start(): Promise<Record<FeedName, number>>
  /** From the next update on, ETH and BTC trade `pct` percent lower; returns the posted prices. */
  crash(pct: number): Promise<Record<FeedName, number>>
  latest(): Record<FeedName, number> | undefined
  stop(): Promise<void>
}

/** The `xmargin feed` walk, run inside the demo: the deployer posts Pyth updates every second. */
export function createDemoFeed(manifest: DevnetManifest, seed: number, intervalMs = 1_000): DemoFeed {
  const account = privateKeyToAccount(manifest.accounts.deployer.privateKey)
  const paths = devnetPricePaths(seed)
  let crashBps = 0
  let latest: Record<FeedName, number> | undefined
  let timer: NodeJS.Timeout | undefined
  let posting: Promise<Record<FeedName, number>> = Promise.resolve({} as Record<FeedName, number>)

  // One update at a time: each waits for the last, so publish times only grow.
  function post(): Promise<Record<FeedName, number>> {
    posting = posting
      .catch(() => undefined)
      .then(async () => {
        const prices = pricesAt(paths, await secondsSinceDeploy(manifest), crashBps)
        await postDevnetPrices({ manifest, account, prices })
        latest = prices
        return prices
      })
    return posting
  }

  return {
    async start() {
      const first = await post()
      let busy = false
      timer = setInterval(() => {
        // A slow chain must not build a queue of updates: skip a tick while one is in flight.
        if (busy) return
        busy = true
        post()
          .catch(() => undefined)
          .finally(() => {
            busy = false
          })
      }, intervalMs)
      return first
    },
    crash(pct) {
      crashBps = Math.round(pct * 100)
      return post()
    },
    latest: () => latest,
    async stop() {
      if (timer !== undefined) clearInterval(timer)
      await posting.catch(() => undefined)
    },
  }
}
