import { type Address, getAddress, type Hex, keccak256, toHex } from 'viem'
import { DeployError } from '../errors.ts'

/** Where solc left a library's address out of a bytecode: source file → library name → byte ranges. */
export type LinkReferences = Record<string, Record<string, ReadonlyArray<{ start: number; length: number }>>>

export type LinkLibrariesParameters = {
  /** The unlinked bytecode, as forge writes it (`__$…$__` placeholders in the hex). */
  bytecode: Hex
  linkReferences: LinkReferences
  /** Each library's deployed address, by its fully qualified name (`src/v2/lib/AccountDebt.sol:AccountDebt`). */
  libraries: Readonly<Record<string, Address>>
}

export type LinkLibrariesReturnType = Hex

/** The bytecode references a library no address was given for. */
export class LibraryAddressMissingError extends DeployError {
  override name = 'LibraryAddressMissingError'
  constructor(library: string) {
    super(`no address for library ${library}: deploy it before the contract that links it`)
  }
}

/** The bytes at a link reference are not that library's placeholder: the artifact and its references disagree. */
export class LinkPlaceholderMismatchError extends DeployError {
  override name = 'LinkPlaceholderMismatchError'
  constructor(library: string, start: number, found: string) {
    super(`bytecode at byte ${start} is not the placeholder of ${library}`, { details: `found ${found}` })
  }
}

/** A placeholder is left that `linkReferences` does not list: the references are incomplete. */
export class UnlistedPlaceholderError extends DeployError {
  override name = 'UnlistedPlaceholderError'
  constructor(start: number, found: string) {
    super(`bytecode has a library placeholder at byte ${start} that no link reference lists`, {
      details: `found ${found}`,
    })
  }
}

/**
 * Writes each library's address over its placeholders, as `forge create --libraries` does: solc marks
 * every call site with `__$` + the first 34 hex digits of `keccak256(fullyQualifiedName)` + `$__` (20
 * bytes), and `linkReferences` lists their byte offsets. Each placeholder is checked before it is
 * replaced, so a stale artifact fails here rather than deploying calls into the wrong contract.
 */
export function linkLibraries({
  bytecode,
  linkReferences,
  libraries,
}: LinkLibrariesParameters): LinkLibrariesReturnType {
  let hex = bytecode.slice(2)
  for (const [file, byName] of Object.entries(linkReferences)) {
    for (const [name, ranges] of Object.entries(byName)) {
      const library = `${file}:${name}`
      const address = libraries[library]
      if (address === undefined) throw new LibraryAddressMissingError(library)
      const placeholder = libraryPlaceholder(library)
      const replacement = getAddress(address).slice(2).toLowerCase()
      for (const { start, length } of ranges) {
        const found = hex.slice(start * 2, (start + length) * 2)
        if (length !== 20 || found !== placeholder)
          throw new LinkPlaceholderMismatchError(library, start, found)
        hex = hex.slice(0, start * 2) + replacement + hex.slice((start + length) * 2)
      }
    }
  }
  const left = hex.indexOf('__$')
  if (left !== -1) throw new UnlistedPlaceholderError(Math.floor(left / 2), hex.slice(left, left + 40))
  return `0x${hex}`
}

/** solc's placeholder for a library's address: `__$` + 34 hex digits of keccak256(name) + `$__`. */
export function libraryPlaceholder(fullyQualifiedName: string): string {
  return `__$${keccak256(toHex(fullyQualifiedName)).slice(2, 36)}$__`
}
