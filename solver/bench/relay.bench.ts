// Message delivery latency (dispatch → handled) with zero configured delay: 50 real openFor on a fresh
// two-chain automining devnet, the relayer polling every 10 ms. Wall clock from the dispatch receipt to
// the destination receipt of Mailbox.process. Run: node bench/relay.bench.ts

import { createPublicClient, getAddress, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createRelayer } from '../src/index.ts'
import { openForIntent, startTestDevnet } from '../src/infra/hyperlane/testing/testDevnet.ts'

const MESSAGES = 50
const devnet = await startTestDevnet()
try {
  const handled = new Map<Hex, number>()
  const relayer = createRelayer({
    manifest: devnet.manifest,
    account: privateKeyToAccount(devnet.manifest.accounts.keeper.privateKey),
    pollMs: 10,
    onEvent: (event) => {
      if (event.type === 'message:delivered') handled.set(event.message.id, Date.now())
    },
  })
  relayer.start()
  const origin = createPublicClient({ transport: http(devnet.manifest.chains[0]?.rpcUrl) })
  const latencies: number[] = []
  for (let i = 0; i < MESSAGES; i++) {
    const hash = await openForIntent(devnet.manifest, 1_000n + BigInt(i))
    const dispatchedAt = Date.now()
    const receipt = await origin.getTransactionReceipt({ hash })
    const id = receipt.logs.find(
      (l) => l.topics.length === 2 && getAddress(l.address) === devnet.manifest.chains[0]?.contracts.mailbox,
    )?.topics[1]
    if (id === undefined) throw new Error(`no DispatchId in ${hash}`)
    while (!handled.has(id)) await new Promise((r) => setTimeout(r, 2))
    latencies.push((handled.get(id) as number) - dispatchedAt)
  }
  await relayer.stop()
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]
  process.stdout.write(
    `relay latency over ${MESSAGES} messages: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms\n`,
  )
} finally {
  devnet.stop()
}
