import { randomBytes } from 'node:crypto'

/**
 * A fresh Permit2 nonce. Permit2 nonces are unordered (a bitmap), so any unused value works; 64 random
 * bits make a collision with the trader's earlier intents negligible.
 */
export function randomNonce(): bigint {
  return randomBytes(8).readBigUInt64BE()
}
