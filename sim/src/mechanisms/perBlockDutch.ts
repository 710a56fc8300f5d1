import { type FeeSchedule, feeAt, timeAtFee } from '@xmargin/intents/schedule'
import { blockAtOrAfter, blockTime, type Chain } from '../models/chain.ts'
import { byBid } from './ordering.ts'
import type { Award, Mechanism, Quote } from './types.ts'

/**
 * UniswapX's per-block decay: the fee is a linear function of the block number, rounded down
 * (`mulDivDown`), which is exactly `feeAt` with block numbers in place of seconds. Nobody bids; a solver
 * fills at the first block whose fee reaches its threshold and is paid that block's fee, so coarse
 * blocks overpay by up to one step. Among fills in the same block the lowest threshold wins: it can
 * outbid the others for priority.
 */
export const perBlockDutch: Mechanism = {
  name: 'per-block-dutch',
  description: "per-block Dutch decay (UniswapX's integer formula): paid the block's fee, not a bid",
  payment: 'as-bid',
  decideAt: (arrivalMs) => arrivalMs,
  award: (auctions, nowMs, { destination }) =>
    auctions.map(({ quotes, schedule }) => perBlockAwards(quotes, schedule, nowMs, destination)),
}

/** The per-block race among `quotes`, open from `openMs`; also the fallback of RFQ. */
export function perBlockAwards(
  quotes: readonly Quote[],
  schedule: FeeSchedule,
  openMs: number,
  destination: Chain,
): Award[] {
  // The decay runs on the signed schedule's clock, converted to destination blocks; exclusivity or a
  // late start only delays who may fill, not the fee.
  const startBlock = blockAtOrAfter(destination, schedule.startTime * 1000)
  const endBlock = Math.max(startBlock + 1, Math.floor((schedule.endTime * 1000) / destination.blockMs))
  const inBlocks: FeeSchedule = { ...schedule, startTime: startBlock, endTime: endBlock }
  const fills = quotes.flatMap((quote) => {
    const reached = timeAtFee(inBlocks, quote.bidBps)
    if (reached === undefined) return []
    const block = Math.max(reached, blockAtOrAfter(destination, Math.max(openMs, quote.readyMs)))
    return [{ quote, block }]
  })
  fills.sort((a, b) => a.block - b.block || byBid(a.quote, b.quote))
  return fills.map(({ quote, block }) => ({
    solver: quote.solver,
    feeBps: feeAt(inBlocks, block),
    fillMs: blockTime(destination, block),
  }))
}
