import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { DevnetProgressEvent } from './startDevnet.ts'
import { displayPath } from './stateDir.ts'

/** Left-aligned columns separated by two spaces, the header first. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)]
}

/** One progress line: which chain, which contract. */
export function formatProgress(event: DevnetProgressEvent): string {
  switch (event.type) {
    case 'chain:started':
      return `started   ${event.chain} (${event.chainId}) at ${event.rpcUrl}, pid ${event.pid}`
    case 'devnet:starting':
      return event.resuming
        ? `resuming  ${event.chains} chains from their saved state in ${displayPath(event.stateDir)}`
        : `starting  ${event.chains} chains in ${displayPath(event.stateDir)}`
    case 'contract:deployed':
      return `deployed  ${`${event.chain} (${event.chainId})`.padEnd(20)} ${event.contract.padEnd(34)} ${event.address}`
    case 'chain:configured':
      return `set up    ${`${event.chain} (${event.chainId})`.padEnd(20)} ${event.step}`
  }
}

/** The short table of what runs: per chain its id, RPC URL and key contracts; then accounts and where the manifest is. */
export function formatSummary(manifest: DevnetManifest, manifestPath: string): string[] {
  const rows = manifest.chains.map((chain) => {
    const c = chain.contracts
    const settler =
      chain.role === 'origin' ? `vault ${c.collateralVault ?? '?'}` : `engine ${c.marginEngine ?? '?'}`
    const tokens =
      chain.role === 'origin'
        ? `WETH ${c.weth ?? '?'}  USDC ${c.usdc ?? '?'}`
        : `USD ${c.settlementToken ?? '?'}  pool ${c.liquidityPool ?? '?'}`
    return [chain.name, String(chain.chainId), chain.rpcUrl, settler, tokens]
  })
  const route = Object.values(manifest.routes)[0]
  const lines = formatTable(['chain', 'chain id', 'RPC URL', 'settler', 'tokens'], rows)
  lines.push(
    '',
    `Permit2 ${manifest.chains[0]?.contracts.permit2 ?? '?'} and Hyperlane Mailbox ${manifest.chains[0]?.contracts.mailbox ?? '?'} on every chain`,
  )
  if (route !== undefined) {
    lines.push(
      `route "${route.name}" (${route.id}): primary ${route.primary.threshold} of ${route.primary.validators.length} solver validators, fallback ${route.fallback.threshold} of ${route.fallback.validators.length}`,
    )
  }
  lines.push(
    `traders ${manifest.accounts.traders.map((a) => a.address).join(', ')}`,
    `solvers ${manifest.accounts.solvers.map((a) => a.address).join(', ')}`,
    `(anvil's well-known dev keys, in the manifest; never use them on a real chain)`,
    `manifest: ${manifestPath}`,
  )
  return lines
}
