import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Abi, Hex } from 'viem'
import { ArtifactMissingError } from './errors.ts'

/** A compiled contract from Foundry's `out/`: what viem needs to deploy it and call it. */
export type Artifact = { name: string; abi: Abi; bytecode: Hex }

const OUT = fileURLToPath(new URL('../out/', import.meta.url))
const cache = new Map<string, Artifact>()

/**
 * Reads `out/<file>/<contract>.json` (written by `forge build`). `file` is the source file's name,
 * which is how Foundry groups its output: `loadArtifact('StaticMultisigIsm.sol', 'StaticMessageIdMultisigIsmFactory')`.
 */
export function loadArtifact(file: string, contract: string = file.replace(/\.sol$/, '')): Artifact {
  const path = `${OUT}${file}/${contract}.json`
  const cached = cache.get(path)
  if (cached !== undefined) return cached
  let json: { abi: Abi; bytecode: { object: Hex } }
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as typeof json
  } catch (error) {
    throw new ArtifactMissingError(`out/${file}/${contract}.json`, error)
  }
  const artifact = { name: contract, abi: json.abi, bytecode: json.bytecode.object }
  cache.set(path, artifact)
  return artifact
}
