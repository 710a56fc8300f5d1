import type { Address, TypedDataDefinition } from 'viem'
import { ENGINE_DOMAIN } from './constants.ts'
import type { Action, ActionDomain } from './types.ts'

/** The EIP-712 types of the engine's signed actions. */
export const ACTION_TYPES = {
  Trade: [
    { name: 'account', type: 'address' },
    { name: 'market', type: 'string' },
    { name: 'sizeDelta', type: 'int256' },
    { name: 'limitPrice', type: 'uint256' },
    { name: 'maxLeverageBps', type: 'uint32' },
    { name: 'maxRelayerFee', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint32' },
  ],
  Withdraw: [
    { name: 'account', type: 'address' },
    { name: 'chainId', type: 'uint256' },
    { name: 'token', type: 'address' },
    { name: 'amount', type: 'uint256' },
    { name: 'to', type: 'address' },
    { name: 'maxFastFeeBps', type: 'uint16' },
    { name: 'maxRelayerFee', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint32' },
  ],
} as const

type EngineDomain = { name: string; version: string; chainId: number; verifyingContract: Address }

/** Only the action's own type goes in `types`, so a wallet shows the one struct being signed. */
export type ActionTypedData =
  | (TypedDataDefinition<Pick<typeof ACTION_TYPES, 'Trade'>, 'Trade'> & { domain: EngineDomain })
  | (TypedDataDefinition<Pick<typeof ACTION_TYPES, 'Withdraw'>, 'Withdraw'> & { domain: EngineDomain })

export type ActionTypedDataParameters = ActionDomain & { action: Action }

/** The EIP-712 typed data an account signs for an action, under `{name: "xmargin", version: "2", chainId, verifyingContract: engine}`. */
export function actionTypedData({ action, chainId, engine }: ActionTypedDataParameters): ActionTypedData {
  // chainId a number, not a bigint: wallets compare it with their active chain id.
  const domain = { ...ENGINE_DOMAIN, chainId: Number(chainId), verifyingContract: engine }
  if (action.kind === 'trade') {
    return { domain, types: { Trade: ACTION_TYPES.Trade }, primaryType: 'Trade', message: action.message }
  }
  return {
    domain,
    types: { Withdraw: ACTION_TYPES.Withdraw },
    primaryType: 'Withdraw',
    message: action.message,
  }
}
