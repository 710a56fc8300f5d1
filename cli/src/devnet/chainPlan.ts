import type { ChainRole } from '@xmargin/settlement-contracts/deploy'

export type PlannedChain = { name: string; role: ChainRole; chainId: number; port: number; rpcUrl: string }

/**
 * The devnet's chains: an origin (31337) and the destination (31338); with three chains a second origin
 * (31339), so collateral can live on two chains behind one engine. Ports count up from `basePort`.
 */
export function planChains(count: 2 | 3, basePort: number): PlannedChain[] {
  const chains: Array<Pick<PlannedChain, 'name' | 'role' | 'chainId'>> = [
    { name: 'origin', role: 'origin', chainId: 31337 },
    { name: 'destination', role: 'destination', chainId: 31338 },
    { name: 'origin-2', role: 'origin', chainId: 31339 },
  ]
  return chains.slice(0, count).map((chain, i) => {
    const port = basePort + i
    return { ...chain, port, rpcUrl: `http://127.0.0.1:${port}` }
  })
}
