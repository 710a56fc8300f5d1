import { InvalidSignatureError } from '../errors.ts'

/**
 * The parts of the one signature rule (docs/protocol-v2.md, `SignatureRule`) an EOA's signature can
 * break: `format` (not hex bytes), `length` (not exactly 65 bytes `r ‖ s ‖ v`; a 64-byte EIP-2098
 * compact signature among them), `v` (not 27 or 28), `low-s` (s above secp256k1n / 2, EIP-2).
 */
export type SignatureRule = 'format' | 'length' | 'v' | 'low-s'

/**
 * A signature refused by the signature rule before any recovery. Both chains refuse it the same way,
 * so nobody can get a signature accepted on one chain and refused on the other (audit attack 1).
 * `code` is `INVALID_SIGNATURE` and `field` is `signature`, as for every other bad signature.
 */
export class SignatureRuleError extends InvalidSignatureError {
  override name = 'SignatureRuleError'
  readonly rule: SignatureRule

  constructor(rule: SignatureRule, reason: string) {
    super(reason)
    this.rule = rule
  }
}
