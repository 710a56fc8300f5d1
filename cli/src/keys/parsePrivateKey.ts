import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { KeyError } from '../errors.ts'

const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/

/** A 32-byte secp256k1 private key as hex (with or without `0x`, surrounding whitespace ignored). */
export function parsePrivateKey(source: string, text: string): Hex {
  const trimmed = text.trim()
  if (!PRIVATE_KEY.test(trimmed))
    throw new KeyError(`${source} does not hold a private key (expected 32 bytes of hex)`)
  const key: Hex = trimmed.startsWith('0x') ? (trimmed as Hex) : `0x${trimmed}`
  try {
    privateKeyToAccount(key)
  } catch (error) {
    throw new KeyError(`${source} does not hold a valid secp256k1 private key`, error)
  }
  return key
}
