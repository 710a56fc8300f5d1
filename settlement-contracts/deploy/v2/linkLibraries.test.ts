import { type Address, type Hex, keccak256, toHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { loadLinkableArtifact } from './linkableArtifact.ts'
import {
  LibraryAddressMissingError,
  LinkPlaceholderMismatchError,
  libraryPlaceholder,
  linkLibraries,
  UnlistedPlaceholderError,
} from './linkLibraries.ts'

const MATH = 'src/lib/Math.sol:Math'
const MATH_ADDRESS: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

// 0x60 0x00 | 20-byte placeholder | 0x5b | the placeholder again: two call sites of one library.
const unlinked = `0x6000${libraryPlaceholder(MATH)}5b${libraryPlaceholder(MATH)}` as Hex
const references = {
  'src/lib/Math.sol': {
    Math: [
      { start: 2, length: 20 },
      { start: 23, length: 20 },
    ],
  },
}

describe('linkLibraries', () => {
  test("solc's placeholder is __$ + 34 hex digits of keccak256(fully qualified name) + $__", () => {
    expect(libraryPlaceholder(MATH)).toBe(`__$${keccak256(toHex(MATH)).slice(2, 36)}$__`)
    expect(libraryPlaceholder(MATH)).toHaveLength(40)
  })

  test('writes the address over every call site and leaves the rest of the bytecode alone', () => {
    const linked = linkLibraries({
      bytecode: unlinked,
      linkReferences: references,
      libraries: { [MATH]: MATH_ADDRESS },
    })
    const address = MATH_ADDRESS.slice(2).toLowerCase()
    expect(linked).toBe(`0x6000${address}5b${address}`)
  })

  test('refuses a library without an address, naming it', () => {
    expect(() => linkLibraries({ bytecode: unlinked, linkReferences: references, libraries: {} })).toThrow(
      new LibraryAddressMissingError(MATH),
    )
  })

  test('refuses a reference that does not point at the placeholder (a stale artifact)', () => {
    const shifted = { 'src/lib/Math.sol': { Math: [{ start: 1, length: 20 }] } }
    expect(() =>
      linkLibraries({ bytecode: unlinked, linkReferences: shifted, libraries: { [MATH]: MATH_ADDRESS } }),
    ).toThrow(LinkPlaceholderMismatchError)
  })

  test('refuses bytecode with a placeholder no reference lists', () => {
    const partial = { 'src/lib/Math.sol': { Math: [{ start: 2, length: 20 }] } }
    expect(() =>
      linkLibraries({ bytecode: unlinked, linkReferences: partial, libraries: { [MATH]: MATH_ADDRESS } }),
    ).toThrow(UnlistedPlaceholderError)
  })

  test("links forge's AccountEngine artifact with its six libraries into plain hex", () => {
    const engine = loadLinkableArtifact('AccountEngine.sol')
    const names = Object.values(engine.linkReferences).flatMap((byName) => Object.keys(byName))
    expect(names.sort()).toEqual([
      'AccountDebt',
      'AccountDeposits',
      'AccountLiquidation',
      'AccountPoolClaim',
      'AccountRisk',
      'AccountTrading',
    ])
    const libraries = Object.fromEntries(
      Object.entries(engine.linkReferences).flatMap(([file, byName]) =>
        Object.keys(byName).map((name, i) => [`${file}:${name}`, `0x${String(i + 1).padStart(40, '0')}`]),
      ),
    ) as Record<string, Address>
    const linked = linkLibraries({ ...engine, libraries })
    expect(linked).toMatch(/^0x[0-9a-f]+$/)
    expect(linked).toHaveLength(engine.bytecode.length)
  })
})
