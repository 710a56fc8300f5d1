import type { Hex } from 'viem'
import { SignatureRuleError } from '../errors.ts'
import { SECP256K1_HALF_ORDER, SECP256K1_ORDER } from './signatureRule.ts'

const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/
const S_MASK = (1n << 255n) - 1n

/**
 * Turns what a wallet answered into the one form the signature rule accepts, without changing whose
 * signature it is: `v` ∈ {0, 1} (some hardware wallets) becomes 27/28; a 64-byte EIP-2098 compact
 * signature is expanded; a high `s` is replaced by `n − s` with the other `v` (the same key's other
 * valid signature of the digest). Anything else is refused.
 */
export function normalizeSignature(raw: unknown): Hex {
  if (typeof raw !== 'string' || !HEX_BYTES.test(raw)) {
    throw new SignatureRuleError('format', 'the wallet did not return hex bytes')
  }
  const length = (raw.length - 2) / 2
  let r: string
  let s: bigint
  let parity: number
  if (length === 65) {
    r = raw.slice(2, 66)
    s = BigInt(`0x${raw.slice(66, 130)}`)
    const v = Number.parseInt(raw.slice(130), 16)
    if (v !== 0 && v !== 1 && v !== 27 && v !== 28) {
      throw new SignatureRuleError('v', `the wallet answered v = ${v}, not 27 or 28 (nor 0 or 1)`)
    }
    parity = v % 27
  } else if (length === 64) {
    r = raw.slice(2, 66)
    const yParityAndS = BigInt(`0x${raw.slice(66)}`)
    s = yParityAndS & S_MASK
    parity = Number(yParityAndS >> 255n)
  } else {
    throw new SignatureRuleError('length', `the wallet returned ${length} bytes, not a 65-byte signature`)
  }
  // s ≥ n is no signature at all: left as it is for the rule to refuse.
  if (s > SECP256K1_HALF_ORDER && s < SECP256K1_ORDER) {
    s = SECP256K1_ORDER - s
    parity ^= 1
  }
  return `0x${r.toLowerCase()}${s.toString(16).padStart(64, '0')}${(27 + parity).toString(16)}` as Hex
}
