import { feeAt, timeAtFee } from '@xmargin/intents/schedule'
import { landingMs, seconds } from './ordering.ts'
import type { Mechanism } from './types.ts'

/**
 * First come, first served on the signed schedule: no bids; each solver sends its fill as soon as it
 * has seen the intent and the fee has reached its threshold, charging the fee of that second. The
 * first to land wins; in one block, the first sent. Speed of observation matters as much as cost.
 */
export const fcfs: Mechanism = {
  name: 'fcfs',
  description: 'first-come-first-served: first fill to land wins, at the schedule fee when sent',
  payment: 'as-bid',
  decideAt: (arrivalMs) => arrivalMs,
  award: (auctions, nowMs, { destination }) =>
    auctions.map(({ quotes, schedule }) => {
      const sends = quotes.flatMap((quote) => {
        const reachedS = timeAtFee(schedule, quote.bidBps)
        if (reachedS === undefined) return []
        const sentMs = Math.max(nowMs, quote.readyMs, reachedS * 1000)
        return [{ quote, sentMs, fillMs: landingMs(destination, sentMs) }]
      })
      sends.sort((a, b) => a.fillMs - b.fillMs || a.sentMs - b.sentMs || a.quote.tieBreak - b.quote.tieBreak)
      return sends.map(({ quote, sentMs, fillMs }) => ({
        solver: quote.solver,
        feeBps: feeAt(schedule, seconds(sentMs)),
        fillMs,
      }))
    }),
}
