import { type DevnetManifest, deployDevnet } from '@xmargin/settlement-contracts/deploy'
import { startAnvil } from '@xmargin/settlement-contracts/testing'
import type { Hex } from 'viem'
import { openOrder } from '../../../testing/devnetActions.ts'
import { signTestIntent } from '../../../testing/testIntent.ts'

/** A fresh two-chain automining devnet for one test file; `stop()` kills both anvils. */
export type TestDevnet = { manifest: DevnetManifest; stop(): void }

export async function startTestDevnet(): Promise<TestDevnet> {
  const anvils = await Promise.all([startAnvil(31337), startAnvil(31338)])
  const stop = () => {
    for (const anvil of anvils) anvil.stop()
  }
  try {
    const manifest = await deployDevnet({
      chains: [
        { name: 'origin', role: 'origin', chainId: 31337, rpcUrl: anvils[0].url, blockTime: 0 },
        { name: 'destination', role: 'destination', chainId: 31338, rpcUrl: anvils[1].url, blockTime: 0 },
      ],
    })
    return { manifest, stop }
  } catch (error) {
    stop()
    throw error
  }
}

/**
 * Solver 0's real `openFor` of trader 0's default test intent (1 WETH long 0.5 ETH), which dispatches
 * `Locked` through the origin Mailbox. Returns the dispatch transaction.
 */
export async function openForIntent(manifest: DevnetManifest, nonce: bigint): Promise<Hex> {
  const { hash } = await openOrder(manifest, await signTestIntent({ manifest, nonce }))
  return hash
}
