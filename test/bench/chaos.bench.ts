// The solver network under stress and faults: `npm run bench:chaos` (issue 11). Each scenario runs on
// its own fresh devnet (two anvil chains mining a block a second) and its own nodes in this process
// (startTestNetwork: bid window 300 ms, grace 3 s), except the flood's measured node, which runs as
// `xmargin solver start` in its own process. Each network fills one warm-up intent before it is
// measured. A table per scenario on stdout, progress on stderr.
//   (a) 200 intents from 6 traders at once      (b) a 20 s freeze of the destination RPC
//   (c) 0-bps bids from 10 unbonded keys        (d) 20,000 re-encoded copies over HTTP and gossip
//   (e) RSS after 1,000 intents (solver/bench/memory.bench.ts, in a child process)
// Benchmark, not test: every goal is printed as met or not; the exit code is 1 only if a scenario
// could not run. `node test/bench/chaos.bench.ts b d` runs only the scenarios named.
import { availableParallelism, loadavg } from 'node:os'
import { runBidSpam } from './chaos/bidSpam.ts'
import { runBurst } from './chaos/burst.ts'
import { runDestinationFreeze } from './chaos/destinationFreeze.ts'
import { runFlood } from './chaos/flood.ts'
import { runNodeMemory } from './chaos/nodeMemory.ts'
import type { Scenario } from './chaos/scenario.ts'

const SCENARIOS: Record<string, Scenario> = {
  a: runBurst,
  b: runDestinationFreeze,
  c: runBidSpam,
  d: runFlood,
  e: runNodeMemory,
}

const started = Date.now()
const progress = (line: string) =>
  process.stderr.write(`${`${((Date.now() - started) / 1000).toFixed(0)} s`.padStart(6)} ${line}\n`)
const chosen = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(SCENARIOS)

console.log('chaos bench: the solver network under load and faults (issue 11)')
console.log(
  '  submit → open: POST sent → the engine `Filled` seen on the destination chain (polled every 100 ms)',
)
for (const name of chosen) {
  const scenario = SCENARIOS[name]
  if (scenario === undefined) {
    progress(`unknown scenario ${name}: choose from ${Object.keys(SCENARIOS).join(', ')}`)
    process.exitCode = 2
    continue
  }
  progress(`(${name}) starting …`)
  const at = Date.now()
  try {
    const lines = await scenario(progress)
    // The machine is shared: how busy it was tells a slow node from a slow machine.
    const [load] = loadavg()
    console.log(`\n${lines.join('\n')}`)
    console.log(
      `  machine: load average ${load?.toFixed(1)} (1 min) on ${availableParallelism()} cores at the end`,
    )
  } catch (error) {
    console.log(`\n(${name}) could not run: ${(error as Error).message}`)
    process.exitCode = 1
  }
  progress(`(${name}) done in ${Math.round((Date.now() - at) / 1000)} s`)
}
progress(`chaos bench done in ${Math.round((Date.now() - started) / 1000)} s`)
