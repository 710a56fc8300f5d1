import type { Hex } from 'viem'
import type { TimelineEntry } from '../../domain/timeline.ts'
import type { ApiNode, HeldIntent, NodeHealth, SubmitIntentReturnType, TimelineListener } from '../apiNode.ts'

export type StubApiNode = ApiNode & {
  /** What `submitIntent` does; tests replace it. Default: accept as a new order with a fixed id. */
  onSubmit: (json: string) => Promise<SubmitIntentReturnType>
  /** Every body `submitIntent` was given, in order. */
  submitted: string[]
  intents: Map<Hex, HeldIntent>
  timelines: Map<Hex, TimelineEntry[]>
  healthReport: NodeHealth
  /** Appends to the order's timeline and tells every subscriber, as the node does. */
  publish(entry: TimelineEntry): void
  subscriberCount(): number
}

/** An in-memory {@link ApiNode} for tests of the HTTP layer and of clients of it. */
export function createStubApiNode(): StubApiNode {
  const listeners = new Set<TimelineListener>()
  const stub: StubApiNode = {
    onSubmit: async () => ({ orderId: `0x${'ab'.repeat(32)}`, duplicate: false }),
    submitted: [],
    intents: new Map(),
    timelines: new Map(),
    healthReport: {
      ok: true,
      name: 'stub-node',
      reasons: [],
      peerId: '12D3KooWStub',
      peers: 2,
      chains: [{ chainId: 31337, block: 10, ageMs: 50, ok: true }],
      solver: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    },
    submitIntent: async (json) => {
      stub.submitted.push(json)
      return stub.onSubmit(json)
    },
    timeline: (orderId) => stub.timelines.get(orderId),
    intent: (orderId) => stub.intents.get(orderId),
    subscribe: (listener) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    health: () => stub.healthReport,
    publish: (entry) => {
      stub.timelines.set(entry.orderId, [...(stub.timelines.get(entry.orderId) ?? []), entry])
      for (const listener of listeners) listener(entry)
    },
    subscriberCount: () => listeners.size,
  }
  return stub
}
