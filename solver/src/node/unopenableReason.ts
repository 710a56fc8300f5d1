import type { MarginIntent } from '@xmargin/intents'
import type { Address } from 'viem'
import type { OriginState } from '../infra/chain/originState.ts'

/** Whether an order could still be opened, and if it already was, by whom. */
export type Openability =
  | { kind: 'openable' }
  | { kind: 'opened'; opener: Address }
  | { kind: 'blocked'; reason: string }

/**
 * An order's openability from fresh reads: opened if the vault holds its escrow (`opener`), blocked
 * if the trader spent the nonce or moved the collateral, openable otherwise.
 */
export async function openabilityOf(
  intent: MarginIntent,
  origin: OriginState,
  openerOf: () => Promise<Address | undefined>,
): Promise<Openability> {
  const opener = await openerOf()
  if (opener !== undefined) return { kind: 'opened', opener }
  const reason = await unopenableReason(intent, origin)
  return reason === undefined ? { kind: 'openable' } : { kind: 'blocked', reason }
}

/**
 * Why an order can no longer be opened, from fresh reads of the trader's state on its origin chain:
 * the Permit2 nonce spent, or the balance or allowance below the collateral. Undefined when it can
 * still be opened. An order already opened reads the same way (its nonce is spent and its collateral
 * moved), which is as it should be: nobody can open it again either.
 */
export async function unopenableReason(
  intent: MarginIntent,
  origin: OriginState,
): Promise<string | undefined> {
  origin.invalidate(intent.user)
  const { collateralToken: token, collateralAmount: amount } = intent.orderData
  const [used, balance, allowance] = await Promise.all([
    origin.nonceUsed(intent.user, intent.nonce),
    origin.balanceOf(token, intent.user),
    origin.permit2Allowance(token, intent.user),
  ])
  if (used) return "the trader's Permit2 nonce is spent"
  if (balance < amount) return "the trader's balance no longer covers the collateral"
  if (allowance < amount) return "the trader's Permit2 allowance no longer covers the collateral"
  return undefined
}
