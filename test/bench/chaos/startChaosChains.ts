import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { startTestDevnet, startTestFeed } from '@xmargin/solver/testing'
import type { Address, Hex } from 'viem'
import { fundTraders } from './fundTraders.ts'

export type ChaosTrader = {
  privateKey: Hex
  address: Address
  /** The loopback address its HTTP requests leave from: each trader is its own client IP to a node. */
  clientIp: string
}

export type ChaosChains = {
  manifest: DevnetManifest
  traders: ChaosTrader[]
  stop(): Promise<void>
}

export type StartChaosChainsParameters = {
  /** The devnet funds two; more are created and funded. */
  traders: number
  blockSeconds: number
}

/**
 * A fresh devnet for one scenario: `traders` funded traders, then both chains mining a block every
 * `blockSeconds` (as submitToOpen.bench.ts), with the Pyth prices kept fresh.
 */
export async function startChaosChains(parameters: StartChaosChainsParameters): Promise<ChaosChains> {
  const devnet = await startTestDevnet()
  const { manifest } = devnet
  try {
    const extra = await fundTraders({
      manifest,
      count: Math.max(0, parameters.traders - manifest.accounts.traders.length),
    })
    const traders = [...manifest.accounts.traders, ...extra]
      .slice(0, parameters.traders)
      .map((t, i) => ({ privateKey: t.privateKey, address: t.address, clientIp: `127.0.0.${10 + i}` }))
    for (const chain of manifest.chains) {
      await fetch(chain.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'evm_setIntervalMining',
          params: [parameters.blockSeconds],
        }),
      })
    }
    const feed = startTestFeed(manifest)
    return {
      manifest,
      traders,
      async stop() {
        await feed.stop()
        devnet.stop()
      },
    }
  } catch (error) {
    devnet.stop()
    throw error
  }
}
