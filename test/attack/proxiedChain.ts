import { type ChainRole, chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { type ChaosProxy, startChaosProxy } from './chaosProxy.ts'

export type ProxiedChain = {
  proxy: ChaosProxy
  /** The devnet's manifest with that one chain reached through the proxy, for the node under attack. */
  manifest: DevnetManifest
}

/** A chaos proxy in front of one chain of the devnet; the other nodes keep talking to the chain directly. */
export async function proxyChain(manifest: DevnetManifest, role: ChainRole): Promise<ProxiedChain> {
  const chain = chainOf(manifest, role)
  const proxy = await startChaosProxy(chain.rpcUrl)
  return {
    proxy,
    manifest: {
      ...manifest,
      chains: manifest.chains.map((c) => (c.chainId === chain.chainId ? { ...c, rpcUrl: proxy.url } : c)),
    },
  }
}
