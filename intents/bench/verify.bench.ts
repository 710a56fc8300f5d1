import fc from 'fast-check'
import { recoverTypedDataAddress, verifyTypedData } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { intentTypedData } from '../src/intentTypedData.ts'
import { recoverPublicKeyNoble, secp256k1Backend } from '../src/internal/recover.ts'
import { parseIntent } from '../src/parseIntent.ts'
import { signIntent } from '../src/signIntent.ts'
import { stringifyIntent } from '../src/stringifyIntent.ts'
import type { SignedMarginIntent } from '../src/types.ts'
import { depositIntentTypedData } from '../src/v2/depositIntentTypedData.ts'
import { parseDepositIntent } from '../src/v2/parseDepositIntent.ts'
import { signDepositIntent } from '../src/v2/signDepositIntent.ts'
import { stringifyDepositIntent } from '../src/v2/stringifyDepositIntent.ts'
import type { SignedDepositIntent } from '../src/v2/types.ts'
import { verifyDepositIntent } from '../src/v2/verifyDepositIntent.ts'
import { verifyIntent } from '../src/verifyIntent.ts'
import { arbitraryIntent } from '../testing/arbitraryIntent.ts'
import { arbitraryDepositIntent } from '../testing/v2/arbitrary.ts'

/**
 * `npm run bench -w intents`: intents verified per second on one core, viem's `verifyTypedData`
 * (the baseline) against ours, in the same run, for v1 margin intents and v2 deposit intents (each
 * against its own baseline). Every round verifies the same set of distinct signed intents; rounds of
 * the implementations are interleaved so machine noise hits them alike, and the median round is
 * reported.
 */

const INTENTS = Number(process.env.BENCH_INTENTS ?? 400)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)

const accounts = Array.from({ length: 16 }, () => privateKeyToAccount(generatePrivateKey()))
const samples = fc.sample(arbitraryIntent, { numRuns: INTENTS, seed: 1 })
const signed: SignedMarginIntent[] = []
for (const [index, intent] of samples.entries()) {
  const account = accounts[index % accounts.length] as (typeof accounts)[number]
  signed.push(await signIntent({ intent: { ...intent, user: account.address }, account }))
}
const texts = signed.map((s) => stringifyIntent(s))

const depositSamples = fc.sample(arbitraryDepositIntent, { numRuns: INTENTS, seed: 2 })
const deposits: SignedDepositIntent[] = []
for (const [index, intent] of depositSamples.entries()) {
  const account = accounts[index % accounts.length] as (typeof accounts)[number]
  deposits.push(await signDepositIntent({ intent: { ...intent, user: account.address }, account }))
}
const depositTexts = deposits.map((d) => stringifyDepositIntent(d))

/** `baseline` names the candidate a row is compared with: the viem verification of the same intents. */
type Candidate = { name: string; baseline: string; run: () => Promise<number> | number }

const V1_BASELINE = 'viem verifyTypedData (baseline)'
const V2_BASELINE = 'v2 deposit: viem verifyTypedData (baseline)'

const candidates: Candidate[] = [
  {
    name: V1_BASELINE,
    baseline: V1_BASELINE,
    run: async () => {
      let ok = 0
      for (const s of signed) {
        if (
          await verifyTypedData({
            ...intentTypedData(s.order),
            address: s.order.user,
            signature: s.signature,
          })
        )
          ok++
      }
      return ok
    },
  },
  {
    name: 'viem recoverTypedDataAddress',
    baseline: V1_BASELINE,
    run: async () => {
      let ok = 0
      for (const s of signed) {
        const signer = await recoverTypedDataAddress({ ...intentTypedData(s.order), signature: s.signature })
        if (signer === s.order.user) ok++
      }
      return ok
    },
  },
  {
    name: `xmargin verifyIntent (${secp256k1Backend})`,
    baseline: V1_BASELINE,
    run: () => {
      for (const s of signed) verifyIntent(s)
      return signed.length
    },
  },
  {
    name: 'xmargin verifyIntent (noble fallback)',
    baseline: V1_BASELINE,
    run: () => {
      for (const s of signed) verifyIntent(s, { recoverPublicKey: recoverPublicKeyNoble })
      return signed.length
    },
  },
  {
    // The strict codec alone (JSON.parse, the duplicate-key and number-form scan, the schema): it must
    // stay well above the verification rate, or parsing becomes the bottleneck.
    name: 'xmargin parseIntent alone, from JSON text',
    baseline: V1_BASELINE,
    run: () => {
      for (const text of texts) parseIntent(text)
      return texts.length
    },
  },
  {
    name: `xmargin parseIntent + verifyIntent (${secp256k1Backend}), from JSON text`,
    baseline: V1_BASELINE,
    run: () => {
      for (const text of texts) {
        const document = parseIntent(text)
        verifyIntent({ order: document.order, signature: document.signature ?? '0x' })
      }
      return texts.length
    },
  },
  {
    name: V2_BASELINE,
    baseline: V2_BASELINE,
    run: async () => {
      let ok = 0
      for (const d of deposits) {
        const typedData = depositIntentTypedData(d.order)
        if (await verifyTypedData({ ...typedData, address: d.order.user, signature: d.signature })) ok++
      }
      return ok
    },
  },
  {
    name: `v2 deposit: xmargin verifyDepositIntent (${secp256k1Backend})`,
    baseline: V2_BASELINE,
    run: () => {
      for (const d of deposits) verifyDepositIntent(d)
      return deposits.length
    },
  },
  {
    name: `v2 deposit: xmargin parseDepositIntent + verifyDepositIntent (${secp256k1Backend}), from JSON text`,
    baseline: V2_BASELINE,
    run: () => {
      for (const text of depositTexts) {
        const document = parseDepositIntent(text)
        verifyDepositIntent({ order: document.order, signature: document.signature ?? '0x' })
      }
      return depositTexts.length
    },
  },
]

const rates = new Map<string, number[]>(candidates.map((c) => [c.name, []]))
process.stderr.write(`verifying ${INTENTS} distinct signed intents, ${ROUNDS} rounds each, one core\n`)
for (let round = 0; round < ROUNDS; round++) {
  for (const candidate of candidates) {
    const started = performance.now()
    const verified = await candidate.run()
    const seconds = (performance.now() - started) / 1000
    if (verified !== INTENTS)
      throw new Error(`${candidate.name} rejected ${INTENTS - verified} valid intents`)
    rates.get(candidate.name)?.push(verified / seconds)
  }
  process.stderr.write(`  round ${round + 1}/${ROUNDS}\r`)
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
const rows = candidates.map((c) => {
  const values = rates.get(c.name) ?? []
  const baseline = median(rates.get(c.baseline) ?? [])
  return {
    implementation: c.name,
    'intents/s (median)': Math.round(median(values)),
    'min…max': `${Math.round(Math.min(...values))}…${Math.round(Math.max(...values))}`,
    'vs viem': `${(median(values) / baseline).toFixed(1)}×`,
  }
})
console.log()
console.table(rows)
