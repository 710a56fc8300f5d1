import { stringifyIntent } from '@xmargin/intents'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import { signTestIntent } from '@xmargin/solver/testing'
import { type Hex, parseEther } from 'viem'
import { chainNow } from '../../solver/networkHelpers.ts'
import { postIntent } from './postIntent.ts'
import { FEE, sleep } from './scenario.ts'
import type { ChaosTrader } from './startChaosChains.ts'
import { ms } from './table.ts'
import type { SettlementWatch } from './watchSettlement.ts'

const BIDS_TIMEOUT_MS = 120_000
const FILL_TIMEOUT_MS = 20_000

export type WarmUpReturnType = {
  /** From the post until `bidders` bids were on the node's timeline; undefined if they never came. */
  bidsAfterMs: number | undefined
  /** From the post until the engine's `Filled`; undefined if not within 20 s of the bids. */
  filledAfterMs: number | undefined
}

/**
 * One intent through the fresh network before the measured ones, so the figures are a running
 * network's and not its start-up's (a node's first quote waits for its Across fee curve): waits for
 * the bids, then briefly for the fill, and says how long each took.
 */
export async function warmUp(parameters: {
  manifest: DevnetManifest
  node: SolverNode
  bidders: number
  trader: ChaosTrader
  watch: SettlementWatch
}): Promise<WarmUpReturnType> {
  const { manifest, node, trader, watch } = parameters
  const signed = await signTestIntent({
    manifest,
    privateKey: trader.privateKey,
    nonce: 9_000_000n,
    now: await chainNow(manifest),
    collateralAmount: parseEther('0.5'),
    size: parseEther('0.2'),
    limitPrice: parseEther('3500'),
    fee: FEE,
  })
  const start = Date.now()
  const answer = await postIntent({ node: node.httpUrl(), body: stringifyIntent(signed) })
  const orderId = answer.orderId as Hex | undefined
  if (orderId === undefined) return { bidsAfterMs: undefined, filledAfterMs: undefined }
  let bidsAfterMs: number | undefined
  while (Date.now() - start < BIDS_TIMEOUT_MS) {
    if (node.timeline(orderId).filter((e) => e.kind === 'bid').length >= parameters.bidders) {
      bidsAfterMs = Date.now() - start
      break
    }
    await sleep(100)
  }
  await watch.waitFilled([orderId], FILL_TIMEOUT_MS)
  const at = watch.filledAt(orderId)
  return { bidsAfterMs, filledAfterMs: at === undefined ? undefined : at - start }
}

/** `(warm-up: …)`, the line each table prints about it. */
export function warmUpLine({ bidsAfterMs, filledAfterMs }: WarmUpReturnType): string {
  const filled = filledAfterMs === undefined ? 'not filled' : `filled after ${ms(filledAfterMs)} ms`
  return `  (warm-up, not counted: one intent first; its bids after ${ms(bidsAfterMs)} ms, ${filled})`
}
