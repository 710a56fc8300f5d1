import type { Hex } from 'viem'
import type { FillStep } from '../infra/store/nodeStore.ts'

/** Typed `noun:verb` events of the fill pipeline; `atMs` is the node's clock when it happened. */
export type PipelineEvent =
  | { type: 'fill:planned'; orderId: Hex; feeBps: number; atMs: number }
  | {
      type: 'open:submitted' | 'open:confirmed' | 'fill:submitted' | 'fill:confirmed'
      orderId: Hex
      txHash: Hex
      atMs: number
    }
  /** Fee paid on the origin and the position backed on the destination. */
  | { type: 'fill:settled'; orderId: Hex; atMs: number }
  /** Given up for good (`reason`); the job is `abandoned`. */
  | { type: 'fill:abandoned'; orderId: Hex; reason: string; step: FillStep; atMs: number }
  /** One attempt failed (`reason`); the pipeline retries, or leaves the job to `resume()`. */
  | { type: 'fill:failed'; orderId: Hex; reason: string; step: FillStep; atMs: number }

export type PipelineEventType = PipelineEvent['type']
