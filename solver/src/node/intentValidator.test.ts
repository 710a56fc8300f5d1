import { Writable } from 'node:stream'
import { hashIntent } from '@xmargin/intents'
import { expect, test } from 'vitest'
import { sampleSignedIntent } from '../api/testing/sampleSignedIntent.ts'
import type { IntakeDeps } from '../domain/intake/intakeIntent.ts'
import { createLogger } from '../infra/createLogger.ts'
import { createNodeMetrics } from '../infra/metrics.ts'
import { createMemoryStore } from '../pipeline/testing/memoryStore.ts'
import { createIntentValidator } from './intentValidator.ts'

const { signed, text } = await sampleSignedIntent()
const orderId = hashIntent(signed.order)

/** A validator over a store already holding the sample intent; no chain is read on these paths. */
function setUp() {
  const store = createMemoryStore()
  store.putIntent({ orderId, intent: signed, receivedAtMs: 1 })
  const lines: Array<Record<string, unknown>> = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>)
      done()
    },
  })
  const intake: IntakeDeps = {
    network: { chains: new Map(), routes: new Set(), markets: new Set(), collaterals: new Map() },
    originState: () => undefined,
    now: () => 1_800_000_000,
    isKnownEncoding: (id, json) => store.hasIntentJson(id, json),
  }
  const metrics = createNodeMetrics()
  const validate = createIntentValidator({
    store,
    intake,
    metrics,
    logger: createLogger({ name: 'test', level: 'debug', destination }),
    accept: () => {
      throw new Error('nothing here is new')
    },
  })
  return { validate, metrics, lines }
}

test('a re-encoded copy over gossip is rejected, counted and logged at debug with its length', async () => {
  const { validate, metrics, lines } = setUp()
  expect(await validate(new TextEncoder().encode(` ${text}`), 'peer')).toBe('reject')
  const scrape = await metrics.registry.metrics()
  expect(scrape).toContain('xmargin_intents_non_canonical_total{source="gossip"} 1')
  expect(scrape).toContain('xmargin_intents_duplicate_total{source="gossip"} 0')
  expect(scrape).toContain('xmargin_intents_received_total{source="gossip",verdict="rejected"} 1')
  expect(lines).toContainEqual(expect.objectContaining({ level: 20, bytes: text.length + 1 }))
})

test('bytes outside the canonical frame are refused as non-canonical before any parsing', async () => {
  const { validate, metrics } = setUp()
  // Not even JSON: a parse would call it MALFORMED_JSON; the frame check refuses it first.
  expect(await validate(new TextEncoder().encode(' {'), 'peer')).toBe('reject')
  const scrape = await metrics.registry.metrics()
  expect(scrape).toContain('xmargin_intents_non_canonical_total{source="gossip"} 1')
})

test('a re-encoding inside the frame is refused by the full check, logged with both byte lengths', async () => {
  const { validate, metrics, lines } = setUp()
  const lowercased = text.replace(signed.order.user, signed.order.user.toLowerCase())
  expect(lowercased).not.toBe(text)
  expect(await validate(new TextEncoder().encode(lowercased), 'peer')).toBe('reject')
  const scrape = await metrics.registry.metrics()
  expect(scrape).toContain('xmargin_intents_non_canonical_total{source="gossip"} 1')
  expect(lines).toContainEqual(
    expect.objectContaining({ level: 20, bytes: text.length, canonicalBytes: text.length }),
  )
})

test('the canonical copy of a stored intent is ignored and counted as a duplicate', async () => {
  const { validate, metrics } = setUp()
  expect(await validate(new TextEncoder().encode(text), 'peer')).toBe('ignore')
  const scrape = await metrics.registry.metrics()
  expect(scrape).toContain('xmargin_intents_duplicate_total{source="gossip"} 1')
  expect(scrape).toContain('xmargin_intents_non_canonical_total{source="gossip"} 0')
})
