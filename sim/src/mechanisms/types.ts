import type { FeeSchedule } from '@xmargin/intents/schedule'
import type { Chain } from '../models/chain.ts'
import type { AuctionParameters } from '../scenarios/types.ts'

export type MechanismName =
  | 'dutch'
  | 'per-block-dutch'
  | 'first-price'
  | 'second-price'
  | 'rfq-dutch'
  | 'fcfs'
  | 'uniform-batch'

/**
 * What a winner is paid: `as-bid` formats (first-price, the Dutch formats, RFQ, FCFS) make solvers
 * shade their bid above cost; `critical` formats (second-price, uniform-price) make bidding cost optimal.
 */
export type PaymentRule = 'as-bid' | 'critical'

/** One solver's standing in one auction, prepared by the engine. */
export type Quote = {
  solver: number
  /** The fee (bps) the solver will accept: its bid in sealed and binding formats, its threshold in open ones. */
  bidBps: number
  /** When the solver has seen the intent and can act. */
  readyMs: number
  /** Random order among equals, drawn per auction so ties do not always favour solver 0. */
  tieBreak: number
}

/** An intent up for auction. */
export type Auction = {
  intent: number
  arrivalMs: number
  /** The trader's signed schedule, in unix seconds of simulated time. */
  schedule: FeeSchedule
  /** After this no fill is valid. */
  deadlineMs: number
  /** Solvers able to fill (cost below the maximum fee, capital free), in solver order. */
  quotes: Quote[]
}

/** A solver allowed to land a fill at `fillMs` for `feeBps`; the engine tries awards in order. */
export type Award = { solver: number; feeBps: number; fillMs: number }

export type MechanismContext = { destination: Chain; auction: AuctionParameters }

/**
 * An auction format. The engine asks when an intent's auction is decided, gathers every intent decided at
 * the same moment, and asks for the awards: the winner first, then who fills if it fades or reverts.
 */
export type Mechanism = {
  name: MechanismName
  description: string
  payment: PaymentRule
  /** When the auction for an intent that arrived at `arrivalMs` is decided. */
  decideAt(arrivalMs: number, context: MechanismContext): number
  /** The awards for each auction decided at `nowMs`, in the same order. */
  award(auctions: readonly Auction[], nowMs: number, context: MechanismContext): Award[][]
}
