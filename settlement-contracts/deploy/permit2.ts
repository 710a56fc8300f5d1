import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Address, Hex } from 'viem'
import { ArtifactMissingError } from './errors.ts'

/** Permit2's address on every public chain, and here. */
export const PERMIT2_ADDRESS: Address = '0x000000000022D473030F116dDEE9F6B43aC78BA3'
/** Arachnid's deterministic deployment proxy, which anvil pre-installs. */
export const CREATE2_DEPLOYER: Address = '0x4e59b44847b379578588920cA78FbF26c0B4956C'
/** The salt Uniswap deployed Permit2 with: with the canonical bytecode it lands at PERMIT2_ADDRESS. */
export const PERMIT2_SALT: Hex = '0x0000000000000000000000000000000000000000d3af2663da51c10215000000'

const FACTORY_JS = fileURLToPath(
  new URL(
    '../deps/@uniswap/uniswapx-sdk/dist/cjs/src/contracts/factories/Permit2__factory.js',
    import.meta.url,
  ),
)

/** Permit2's canonical creation code, as Uniswap ships it in `@uniswap/uniswapx-sdk`. */
export function permit2CreationCode(): Hex {
  let source: string
  try {
    source = readFileSync(FACTORY_JS, 'utf8')
  } catch (error) {
    throw new ArtifactMissingError('@uniswap/uniswapx-sdk Permit2__factory.js', error)
  }
  const match = /const _bytecode = "(0x[0-9a-fA-F]+)"/.exec(source)
  if (match?.[1] === undefined) throw new ArtifactMissingError('Permit2 bytecode in Permit2__factory.js')
  return match[1] as Hex
}
