import fc from 'fast-check'
import { expect, test } from 'vitest'
import { EventQueue } from './eventQueue.ts'

test('events come out by time, and in insertion order at equal times', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
      const queue = new EventQueue<{ time: number; id: number }>()
      times.forEach((time, id) => {
        queue.push({ time, id })
      })
      const out: Array<{ time: number; id: number }> = []
      for (let event = queue.pop(); event !== undefined; event = queue.pop()) out.push(event)
      const expected = times.map((time, id) => ({ time, id })).sort((a, b) => a.time - b.time || a.id - b.id)
      expect(out).toEqual(expected)
    }),
  )
})

test('a fractional time is refused: the engine counts whole milliseconds', () => {
  expect(() => new EventQueue().push({ time: 1.5 })).toThrow(/integer ms/)
})
