import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Abi, Hex } from 'viem'
import { ArtifactMissingError } from '../errors.ts'
import type { LinkReferences } from './linkLibraries.ts'

/** A compiled contract whose bytecode may still have library placeholders, with where they are. */
export type LinkableArtifact = { name: string; abi: Abi; bytecode: Hex; linkReferences: LinkReferences }

const OUT = fileURLToPath(new URL('../../out/', import.meta.url))

/**
 * Reads `out/<file>/<contract>.json` (written by `forge build`) with its `bytecode.linkReferences`,
 * which v1's `loadArtifact` leaves out because no v1 contract links a library.
 */
export function loadLinkableArtifact(
  file: string,
  contract: string = file.replace(/\.sol$/, ''),
): LinkableArtifact {
  let json: { abi: Abi; bytecode: { object: Hex; linkReferences?: LinkReferences } }
  try {
    json = JSON.parse(readFileSync(`${OUT}${file}/${contract}.json`, 'utf8')) as typeof json
  } catch (error) {
    throw new ArtifactMissingError(`out/${file}/${contract}.json`, error)
  }
  return {
    name: contract,
    abi: json.abi,
    bytecode: json.bytecode.object,
    linkReferences: json.bytecode.linkReferences ?? {},
  }
}
