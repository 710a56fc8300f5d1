import type { TimelineEntry } from '../domain/timeline.ts'
import type { NodeStore } from '../infra/store/nodeStore.ts'

export type TimelineListener = (entry: TimelineEntry) => void

/** Records timeline entries once (the store dedupes) and tells live subscribers (SSE, the demo). */
export type TimelineHub = {
  record(entry: TimelineEntry): boolean
  subscribe(listener: TimelineListener): () => void
}

export function createTimelineHub(store: NodeStore): TimelineHub {
  const listeners = new Set<TimelineListener>()
  return {
    record(entry) {
      if (!store.appendTimeline(entry)) return false
      for (const listener of listeners) listener(entry)
      return true
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
