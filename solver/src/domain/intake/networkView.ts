import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { Address } from 'viem'

/** What intake checks an intent's terms against: the chains, routes, markets and collaterals on offer. */
export type NetworkView = {
  /** Chain id → its settlers (an origin has a vault, the destination an engine). */
  chains: ReadonlyMap<number, { vault?: Address; engine?: Address }>
  /** Route names traders may name (`hyperlane`). */
  routes: ReadonlySet<string>
  /** Market symbols (`ETH-USD`). */
  markets: ReadonlySet<string>
  /** Origin chain id → accepted collateral tokens, lowercased. */
  collaterals: ReadonlyMap<number, ReadonlySet<Address>>
}

export type NetworkViewOfReturnType = NetworkView

/** The network a devnet manifest describes. */
export function networkViewOf(manifest: DevnetManifest): NetworkViewOfReturnType {
  const chains = new Map<number, { vault?: Address; engine?: Address }>()
  for (const chain of manifest.chains) {
    const { collateralVault, marginEngine } = chain.contracts
    chains.set(chain.chainId, {
      ...(collateralVault === undefined ? {} : { vault: collateralVault }),
      ...(marginEngine === undefined ? {} : { engine: marginEngine }),
    })
  }
  const collaterals = new Map<number, Set<Address>>()
  for (const { chainId, token } of manifest.collaterals) {
    const tokens = collaterals.get(chainId) ?? new Set<Address>()
    tokens.add(token.toLowerCase() as Address)
    collaterals.set(chainId, tokens)
  }
  return {
    chains,
    routes: new Set(Object.values(manifest.routes).map((route) => route.name)),
    markets: new Set(Object.keys(manifest.markets)),
    collaterals,
  }
}
