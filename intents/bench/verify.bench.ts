import fc from 'fast-check'
import { recoverTypedDataAddress, verifyTypedData } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { intentTypedData } from '../src/intentTypedData.ts'
import { recoverPublicKeyNoble, secp256k1Backend } from '../src/internal/recover.ts'
import { parseIntent } from '../src/parseIntent.ts'
import { signIntent } from '../src/signIntent.ts'
import { stringifyIntent } from '../src/stringifyIntent.ts'
import type { SignedMarginIntent } from '../src/types.ts'
import { verifyIntent } from '../src/verifyIntent.ts'
import { arbitraryIntent } from '../testing/arbitraryIntent.ts'

/**
 * `npm run bench -w intents`: intents verified per second on one core, viem's `verifyTypedData`
 * (the baseline) against ours, in the same run. Every round verifies the same set of distinct signed
 * intents; rounds of the implementations are interleaved so machine noise hits them alike, and the
 * median round is reported.
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

type Candidate = { name: string; run: () => Promise<number> | number }

const candidates: Candidate[] = [
  {
    name: 'viem verifyTypedData (baseline)',
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
    run: () => {
      for (const s of signed) verifyIntent(s)
      return signed.length
    },
  },
  {
    name: 'xmargin verifyIntent (noble fallback)',
    run: () => {
      for (const s of signed) verifyIntent(s, { recoverPublicKey: recoverPublicKeyNoble })
      return signed.length
    },
  },
  {
    // The strict codec alone (JSON.parse, the duplicate-key and number-form scan, the schema): it must
    // stay well above the verification rate, or parsing becomes the bottleneck.
    name: 'xmargin parseIntent alone, from JSON text',
    run: () => {
      for (const text of texts) parseIntent(text)
      return texts.length
    },
  },
  {
    name: `xmargin parseIntent + verifyIntent (${secp256k1Backend}), from JSON text`,
    run: () => {
      for (const text of texts) {
        const document = parseIntent(text)
        verifyIntent({ order: document.order, signature: document.signature ?? '0x' })
      }
      return texts.length
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
    if (verified !== signed.length)
      throw new Error(`${candidate.name} rejected ${signed.length - verified} valid intents`)
    rates.get(candidate.name)?.push(verified / seconds)
  }
  process.stderr.write(`  round ${round + 1}/${ROUNDS}\r`)
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
const baseline = median(rates.get(candidates[0]?.name as string) ?? [])
const rows = candidates.map((c) => {
  const values = rates.get(c.name) ?? []
  return {
    implementation: c.name,
    'intents/s (median)': Math.round(median(values)),
    'min…max': `${Math.round(Math.min(...values))}…${Math.round(Math.max(...values))}`,
    'vs viem': `${(median(values) / baseline).toFixed(1)}×`,
  }
})
console.log()
console.table(rows)
