import { startTestDevnet, type TestDevnet } from '../infra/hyperlane/testing/testDevnet.ts'
import { startTestFeed, type TestFeed } from './startTestFeed.ts'
import { startTestNetwork, type TestNetwork, type TestNodeSpec } from './startTestNetwork.ts'

export type TestStack = {
  devnet: TestDevnet
  feed: TestFeed
  network: TestNetwork
  /** Stops the nodes, then the feed, then the chains. */
  stop(): Promise<void>
}

/** What an end-to-end test runs against: a fresh devnet, its price feed, and solver nodes on it. */
export async function startTestStack(specs: readonly TestNodeSpec[]): Promise<TestStack> {
  const devnet = await startTestDevnet()
  const feed = startTestFeed(devnet.manifest)
  let network: TestNetwork
  try {
    network = await startTestNetwork(devnet.manifest, specs)
  } catch (error) {
    await feed.stop()
    devnet.stop()
    throw error
  }
  return {
    devnet,
    feed,
    network,
    async stop() {
      await network.stop()
      await feed.stop()
      devnet.stop()
    },
  }
}
