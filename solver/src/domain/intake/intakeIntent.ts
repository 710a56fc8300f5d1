import {
  hashIntent,
  IntentError,
  type MarginIntent,
  parseIntent,
  type SignedMarginIntent,
  stringifyIntent,
  verifyIntent,
} from '@xmargin/intents'
import type { Address, Hex } from 'viem'
import { ChainUnavailableError, IntentRejectedError, NonCanonicalError, SolverError } from '../../errors.ts'
import type { OriginState } from '../../infra/chain/originState.ts'
import { checkIntentTerms } from './checkIntentTerms.ts'
import type { NetworkView } from './networkView.ts'

export type IntakeDeps = {
  network: NetworkView
  /** The origin chain's state reader; undefined when this node has no client for that chain. */
  originState(chainId: number): OriginState | undefined
  /** Unix seconds. */
  now(): number
  /**
   * Whether this node already holds the order. A known order skips the network and chain checks:
   * once opened its nonce is spent, and a re-submission must read as a duplicate, not NONCE_USED.
   */
  isKnown?(orderId: Hex): boolean
  /**
   * Whether this node holds exactly this canonical JSON under `orderId`. Such a copy is a duplicate
   * without signature recovery: identical bytes carry the identical, already verified signature.
   */
  isKnownEncoding?(orderId: Hex, json: string): boolean
  /**
   * Who opened the order on its origin, if anyone: an intent whose nonce is spent because the order
   * was opened (the auction ended before the intent reached this node) is still this intent, and the
   * node takes it so its timeline and bids are complete. May throw ChainUnavailableError.
   */
  openerOf?(orderId: Hex, intent: MarginIntent): Promise<Address | undefined>
}

export type IntakeResult = {
  orderId: Hex
  intent: SignedMarginIntent
  /** Canonical JSON of the signed intent: what is gossiped and stored. */
  json: string
  /**
   * The node already holds it: these very bytes (`deps.isKnownEncoding`, nothing checked, nothing
   * needed) or this order (`deps.isKnown`, signature checked, nothing else).
   */
  known: boolean
  /** Set when the order was already opened on its origin (by this solver) at intake. */
  openedBy?: Address
}

const MAX_MESSAGE_CHARS = 200

/**
 * The one way an intent enters a node, from HTTP or from gossip: parse (strict, size-limited), require
 * the canonical bytes (NON_CANONICAL otherwise), answer a stored copy as known, verify the trader's
 * signature, then — unless the node already holds the order — check the terms against the network,
 * then the origin chain: nonce unused, balance and Permit2 allowance covering the collateral. Throws a
 * SolverError with the code and field a user must fix; ChainUnavailableError when the origin chain
 * could not be read (not the intent's fault). Everything before verification is cheap, so copies of a
 * known intent, however re-encoded, never cost a signature recovery.
 */
export async function intakeIntent(input: string | Uint8Array, deps: IntakeDeps): Promise<IntakeResult> {
  const intent = decodeSigned(input)
  const json = stringifyIntent(intent)
  requireCanonical(input, json)
  if (deps.isKnownEncoding !== undefined) {
    const orderId = hashIntent(intent.order)
    if (deps.isKnownEncoding(orderId, json)) return { orderId, intent, json, known: true }
  }
  const { orderId } = withIntentErrors(() => verifyIntent(intent))
  if (deps.isKnown?.(orderId) === true) return { orderId, intent, json, known: true }
  checkIntentTerms(intent.order, deps.network, deps.now())
  const openedBy = await checkOriginState(intent, orderId, deps)
  return openedBy === undefined
    ? { orderId, intent, json, known: false }
    : { orderId, intent, json, known: false, openedBy }
}

function decodeSigned(input: string | Uint8Array): SignedMarginIntent {
  const { order, signature } = withIntentErrors(() => parseIntent(input))
  if (signature === undefined) {
    throw new IntentRejectedError('MISSING_FIELD', 'signature: required field is missing', {
      field: 'signature',
    })
  }
  return { order, signature }
}

const encoder = new TextEncoder()

/** The input must be the very text (or UTF-8 bytes) `stringifyIntent` gives for what it decodes to. */
function requireCanonical(input: string | Uint8Array, json: string): void {
  if (typeof input === 'string') {
    if (input === json) return
    throw new NonCanonicalError(encoder.encode(input).length, encoder.encode(json).length)
  }
  const canonical = encoder.encode(json)
  if (sameBytes(input, canonical)) return
  throw new NonCanonicalError(input.length, canonical.length)
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Nonce, balance and allowance; returns the opener instead when the order is already open. */
async function checkOriginState(
  { order }: SignedMarginIntent,
  orderId: Hex,
  deps: IntakeDeps,
): Promise<Address | undefined> {
  const chainId = Number(order.originChainId)
  const state = deps.originState(chainId)
  if (state === undefined) {
    throw new ChainUnavailableError('CHAIN_UNAVAILABLE', `no client for origin chain ${chainId}`)
  }
  const { collateralToken: token, collateralAmount: amount } = order.orderData
  const [used, balance, allowance] = await Promise.all([
    state.nonceUsed(order.user, order.nonce),
    state.balanceOf(token, order.user),
    state.permit2Allowance(token, order.user),
  ]).catch((cause: unknown) => {
    if (cause instanceof ChainUnavailableError) throw cause
    throw new ChainUnavailableError('CHAIN_UNAVAILABLE', `origin chain ${chainId} read failed`, { cause })
  })
  if (used) {
    // Opened, the collateral has moved: the balance and allowance checks no longer apply.
    const opener = await deps.openerOf?.(orderId, order)
    if (opener !== undefined) return opener
    throw new IntentRejectedError('NONCE_USED', `nonce: ${order.nonce} is already used`, { field: 'nonce' })
  }
  if (balance < amount) {
    throw new IntentRejectedError('INSUFFICIENT_BALANCE', 'orderData.collateralAmount: exceeds the balance', {
      field: 'orderData.collateralAmount',
      details: { balance: balance.toString(), amount: amount.toString() },
    })
  }
  if (allowance < amount) {
    throw new IntentRejectedError(
      'INSUFFICIENT_ALLOWANCE',
      'orderData.collateralAmount: exceeds the Permit2 allowance',
      {
        field: 'orderData.collateralAmount',
        details: { allowance: allowance.toString(), amount: amount.toString() },
      },
    )
  }
  return undefined
}

/** Runs an @xmargin/intents call, turning its IntentError into the node's error with the same code and field. */
function withIntentErrors<T>(run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (!(error instanceof IntentError)) {
      throw new SolverError('INTERNAL', 'intent could not be read', { cause: error })
    }
    throw new IntentRejectedError(error.code, shorten(error.message), {
      ...(error.field === undefined ? {} : { field: error.field }),
      cause: error,
    })
  }
}

function shorten(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`
}
