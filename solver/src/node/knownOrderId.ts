import { hashIntent, parseIntent } from '@xmargin/intents'
import type { Hex } from 'viem'
import type { NodeStore } from '../infra/store/nodeStore.ts'

/**
 * The orderId of an intent this node already holds, or undefined. Checked before intake: once the
 * order is opened its nonce is spent, and a trader re-submitting (or a peer re-gossiping) the same
 * intent should hear "already known", not "nonce already used".
 */
export function knownOrderId(input: string | Uint8Array, store: NodeStore): Hex | undefined {
  try {
    const orderId = hashIntent(parseIntent(input).order)
    return store.getIntent(orderId) === undefined ? undefined : orderId
  } catch {
    return undefined
  }
}
