import type { Hex } from 'viem'
import { bytesToHex32 } from '../internal/words.ts'
import { actionHashesBytes } from './internal/structHashes.ts'
import type { Action, ActionDomain } from './types.ts'

export type ActionDigestParameters = ActionDomain & { action: Action }
export type ActionDigestReturnType = { actionHash: Hex; digest: Hex }

/**
 * An action's struct hash ({@link hashTrade} or {@link hashWithdraw}) and the digest its account
 * signs under the engine's domain `{name: "xmargin", version: "2", chainId, verifyingContract: engine}`.
 */
export function actionDigest({ action, chainId, engine }: ActionDigestParameters): ActionDigestReturnType {
  const { actionHash, digest } = actionHashesBytes(action, { chainId, engine })
  return { actionHash: bytesToHex32(actionHash), digest: bytesToHex32(digest) }
}
