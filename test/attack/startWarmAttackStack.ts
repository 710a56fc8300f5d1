import type { AuctionConfig } from '@xmargin/solver'
import { waitForMesh } from '../solver/networkHelpers.ts'
import { type AttackNodeSpec, type AttackStack, startAttackStack, warmUp } from './attackNetwork.ts'

export type WarmAttackStackParameters = {
  /** Honest nodes that quote: each has bid once before the tests start. */
  bidders: readonly AttackNodeSpec[]
  /** The honest node that does not bid; the warm-up intent is posted to it. */
  watcher: AttackNodeSpec
  /** The warm-up intent's nonce (trader 1), outside the range the test file signs with. */
  warmUpNonce: bigint
  auction?: Partial<AuctionConfig>
}

/**
 * The honest side of most attacks, ready to be attacked: the nodes meshed, and every bidder past its
 * first quote (which loads the Across SDK, seconds on a busy machine, and would otherwise make the
 * first attacked intent's bid late). `stack.nodes` holds the bidders in order, then the watcher.
 */
export async function startWarmAttackStack(parameters: WarmAttackStackParameters): Promise<AttackStack> {
  const stack = await startAttackStack([...parameters.bidders, parameters.watcher], parameters.auction)
  try {
    const watcher = stack.nodes.at(-1)
    if (watcher === undefined) throw new RangeError('the stack started no node')
    await waitForMesh(stack.nodes)
    await warmUp(stack, watcher, stack.nodes.slice(0, -1), parameters.warmUpNonce)
    return stack
  } catch (error) {
    await stack.stop()
    throw error
  }
}
