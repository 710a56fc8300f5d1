// Intent validation throughput of one node: intents/s through intakeIntent (parse + signature + terms +
// origin-chain reads through the cached OriginState), on a fresh two-chain anvil devnet, against the
// baseline of viem's verifyTypedData (signature only, on already-parsed intents) on the same intents.
// 2,400 distinct signed intents from the devnet's traders, one at a time; medians of 5
// interleaved rounds.
// Run: node bench/validate.bench.ts   (table on stdout, progress on stderr)

import {
  intentTypedData,
  parseIntent,
  type SignedMarginIntent,
  stringifyIntent,
  verifyIntent,
} from '@xmargin/intents'
import { chainOf } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, type Hex, http, verifyTypedData } from 'viem'
import { type IntakeDeps, intakeIntent } from '../src/domain/intake/intakeIntent.ts'
import { networkViewOf } from '../src/domain/intake/networkView.ts'
import { createOriginState } from '../src/infra/chain/originState.ts'
import { startTestDevnet } from '../src/infra/hyperlane/testing/testDevnet.ts'
import { signTestIntent } from '../src/testing/testIntent.ts'

const INTENTS = 2_400
const ROUNDS = 5

const progress = (line: string) => process.stderr.write(`${line}\n`)

const devnet = await startTestDevnet()
try {
  const { manifest } = devnet
  const origin = chainOf(manifest, 'origin')
  const client = createPublicClient({ transport: http(origin.rpcUrl) })
  const now = Number((await client.getBlock()).timestamp)
  const traders = manifest.accounts.traders.map((t) => t.privateKey as Hex)

  progress(`signing ${INTENTS} intents from ${traders.length} traders…`)
  const intents: SignedMarginIntent[] = []
  for (let i = 0; i < INTENTS; i++) {
    const privateKey = traders[i % traders.length] as Hex
    intents.push(await signTestIntent({ manifest, privateKey, nonce: BigInt(i), now }))
  }
  const documents = intents.map((intent) => stringifyIntent(intent))

  const deps = (ttlMs?: number): IntakeDeps => {
    const state = createOriginState({
      client,
      permit2: origin.contracts.permit2 as Address,
      ...(ttlMs === undefined ? {} : { ttlMs }),
    })
    return {
      network: networkViewOf(manifest),
      originState: (chainId) => (chainId === origin.chainId ? state : undefined),
      now: () => Math.floor(Date.now() / 1000),
    }
  }
  const warm = deps()

  const cases: Array<{ name: string; run: () => Promise<void> }> = [
    {
      name: 'viem verifyTypedData (baseline, signature only)',
      run: async () => {
        for (const { order, signature } of intents) {
          const valid = await verifyTypedData({ address: order.user, ...intentTypedData(order), signature })
          if (!valid) throw new Error('baseline: signature did not verify')
        }
      },
    },
    {
      name: 'parseIntent + verifyIntent (JSON → verified)',
      run: async () => {
        for (const json of documents) {
          const { order, signature } = parseIntent(json)
          verifyIntent({ order, signature: signature as Hex })
        }
      },
    },
    {
      name: 'intakeIntent, cached chain reads (ttl 2 s)',
      run: async () => {
        for (const json of documents) await intakeIntent(json, warm)
      },
    },
    {
      name: 'intakeIntent, no cache (ttl 0: 3 RPC reads each)',
      run: async () => {
        const uncached = deps(0)
        for (const json of documents) await intakeIntent(json, uncached)
      },
    },
  ]

  // Rounds interleave the methods so JIT warm-up and machine noise fall on all of them alike.
  const rates = cases.map((): number[] => [])
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [i, { name, run }] of cases.entries()) {
      const start = performance.now()
      await run()
      const rate = INTENTS / ((performance.now() - start) / 1000)
      rates[i]?.push(rate)
      progress(`round ${round}/${ROUNDS} ${name}: ${Math.round(rate)} intents/s`)
    }
  }
  const rows = cases.map(({ name }, i) => {
    const sorted = [...(rates[i] ?? [])].sort((a, b) => a - b)
    return { name, perSecond: sorted[Math.floor(ROUNDS / 2)] ?? 0 }
  })

  const baseline = rows[0]?.perSecond ?? 1
  const width = Math.max(...rows.map((r) => r.name.length))
  const lines = [
    `validation throughput: ${INTENTS} distinct signed intents, ${traders.length} traders, median of ${ROUNDS} rounds`,
    `${'method'.padEnd(width)}  ${'intents/s'.padStart(10)}  ${'vs baseline'.padStart(11)}`,
    ...rows.map(
      (r) =>
        `${r.name.padEnd(width)}  ${Math.round(r.perSecond).toString().padStart(10)}  ${`${(r.perSecond / baseline).toFixed(2)}×`.padStart(11)}`,
    ),
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
} finally {
  devnet.stop()
}
