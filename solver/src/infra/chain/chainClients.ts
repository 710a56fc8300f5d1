import type { DevnetChain, DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type LocalAccount,
  type PublicClient,
  type WalletClient,
} from 'viem'

export type ChainClient = { chain: DevnetChain; public: PublicClient; wallet: WalletClient }

/** The node's clients, keyed by chain id. */
export type ChainClients = ReadonlyMap<number, ChainClient>

export type CreateChainClientsOptions = {
  /** How often viem polls for receipts and blocks; 250 ms unless given (chains mine fast here). */
  pollingIntervalMs?: number
}

/**
 * A public and a wallet client (HTTP) per chain of the manifest. The wallet knows its chain, so a
 * transaction signed for one chain can never be sent to another.
 */
export function createChainClients(
  manifest: DevnetManifest,
  account: LocalAccount,
  options: CreateChainClientsOptions = {},
): ChainClients {
  const pollingInterval = options.pollingIntervalMs ?? 250
  return new Map(
    manifest.chains.map((devnetChain) => {
      const chain = defineChain({
        id: devnetChain.chainId,
        name: devnetChain.name,
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [devnetChain.rpcUrl] } },
      })
      const transport = http(devnetChain.rpcUrl)
      const client: ChainClient = {
        chain: devnetChain,
        public: createPublicClient({ chain, transport, pollingInterval }),
        wallet: createWalletClient({ chain, transport, account, pollingInterval }),
      }
      return [devnetChain.chainId, client]
    }),
  )
}
