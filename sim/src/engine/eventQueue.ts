/** Something that happens at an integer millisecond. */
export type Timed = { readonly time: number }

/**
 * A binary min-heap of events ordered by time, then by insertion: two events at the same millisecond
 * run in the order they were scheduled, so a run never depends on how the heap happens to break ties.
 */
export class EventQueue<E extends Timed> {
  private readonly events: E[] = []
  private readonly seqs: number[] = []
  private nextSeq = 0

  get size(): number {
    return this.events.length
  }

  push(event: E): void {
    if (!Number.isInteger(event.time)) throw new RangeError(`event time ${event.time} is not an integer ms`)
    const { events, seqs } = this
    let i = events.length
    events.push(event)
    seqs.push(this.nextSeq++)
    const seq = seqs[i] as number
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(event.time, seq, parent)) break
      events[i] = events[parent] as E
      seqs[i] = seqs[parent] as number
      i = parent
    }
    events[i] = event
    seqs[i] = seq
  }

  pop(): E | undefined {
    const { events, seqs } = this
    const top = events[0]
    const last = events.pop()
    const lastSeq = seqs.pop()
    if (events.length === 0 || last === undefined || lastSeq === undefined) return top
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= events.length) break
      const right = left + 1
      const child = right < events.length && this.less(right, left) ? right : left
      if (!this.before((events[child] as E).time, seqs[child] as number, i, last.time, lastSeq)) break
      events[i] = events[child] as E
      seqs[i] = seqs[child] as number
      i = child
    }
    events[i] = last
    seqs[i] = lastSeq
    return top
  }

  private less(a: number, b: number): boolean {
    const ta = (this.events[a] as E).time
    const tb = (this.events[b] as E).time
    return ta < tb || (ta === tb && (this.seqs[a] as number) < (this.seqs[b] as number))
  }

  // Is (time, seq) before the element at `index` (or before the explicit (otherTime, otherSeq))?
  private before(time: number, seq: number, index: number, otherTime?: number, otherSeq?: number): boolean {
    const t = otherTime ?? (this.events[index] as E).time
    const s = otherSeq ?? (this.seqs[index] as number)
    return time < t || (time === t && seq < s)
  }
}
