import { basename } from 'node:path'
import type { Address } from 'viem'
import type { ChainDeployer } from '../chainDeployer.ts'
import { type LinkableArtifact, loadLinkableArtifact } from './linkableArtifact.ts'
import { linkLibraries } from './linkLibraries.ts'

export type DeployLinkedReturnType = {
  address: Address
  /** Every library deployed for it, by name (`AccountDebt`), in the order they were deployed. */
  libraries: Record<string, Address>
}

/**
 * Deploys the external libraries `artifact` links (each from its own forge artifact, sorted by fully
 * qualified name so a fresh devnet always gets the same addresses; a library that links others gets
 * them first), writes their addresses into its bytecode and deploys it.
 */
export async function deployLinked(
  chain: ChainDeployer,
  artifact: LinkableArtifact,
  args: readonly unknown[],
  label: string = artifact.name,
): Promise<DeployLinkedReturnType> {
  const byQualifiedName: Record<string, Address> = {}
  const libraries: Record<string, Address> = {}
  const references = Object.entries(artifact.linkReferences).flatMap(([file, byName]) =>
    Object.keys(byName).map((name) => ({ file, name, qualified: `${file}:${name}` })),
  )
  references.sort((a, b) => (a.qualified < b.qualified ? -1 : 1))
  for (const { file, name, qualified } of references) {
    const library = await deployLinked(chain, loadLinkableArtifact(basename(file), name), [])
    Object.assign(libraries, library.libraries)
    libraries[name] = library.address
    byQualifiedName[qualified] = library.address
  }
  const bytecode = linkLibraries({
    bytecode: artifact.bytecode,
    linkReferences: artifact.linkReferences,
    libraries: byQualifiedName,
  })
  const address = await chain.deploy({ name: artifact.name, abi: artifact.abi, bytecode }, args, label)
  return { address, libraries }
}
