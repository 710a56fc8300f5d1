import { createHash } from 'node:crypto'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'

/** Where a random stream belongs. Two different keys never share a stream. */
export type StreamKey = {
  seed: number
  scenario: string
  replication: number
  /** `trader`, `solver-3`, `market`, `route`, … */
  agent: string
  /** The purpose within the agent: `arrivals`, `cost`, `latency`, … */
  stream: string
}

/** A seeded source of the draws the models need. */
export type Rng = {
  /** Uniform on [0, 1), 53 bits. */
  uniform(): number
  /** Exponential with the given mean. */
  exponential(mean: number): number
  /** Standard normal. */
  normal(): number
  /** Lognormal with the given median and log-space standard deviation. */
  lognormal(median: number, sigma: number): number
  /** Integer uniform on [0, n). */
  int(n: number): number
}

/**
 * The stream for `key`: xoroshiro128+ (pure-rand) whose 128-bit state is the first 16 bytes of
 * SHA-256 over the key's fields. Hashing rather than `jump()`-ing one generator means a stream does not
 * depend on how many other streams exist or in which order they are created, so a task gives the same
 * draws on any worker and the key can grow a field without shifting every other stream.
 */
export function createRng(key: StreamKey): Rng {
  const material = ['xmargin-sim/1', key.seed, key.scenario, key.replication, key.agent, key.stream].join(
    '\0',
  )
  const digest = createHash('sha256').update(material).digest()
  const state = [digest.readInt32BE(0), digest.readInt32BE(4), digest.readInt32BE(8), digest.readInt32BE(12)]
  // xoroshiro's only bad state is all zeros; SHA-256 giving 128 zero bits is not a practical concern.
  const generator = xoroshiro128plusFromState(state)
  const uniform = () => uniformFloat64(generator)
  // Polar method: exact (no table), and only log and sqrt, which V8 computes identically everywhere.
  let spare: number | undefined
  const normal = (): number => {
    if (spare !== undefined) {
      const value = spare
      spare = undefined
      return value
    }
    for (;;) {
      const u = 2 * uniform() - 1
      const v = 2 * uniform() - 1
      const s = u * u + v * v
      if (s === 0 || s >= 1) continue
      const factor = Math.sqrt((-2 * Math.log(s)) / s)
      spare = v * factor
      return u * factor
    }
  }
  return {
    uniform,
    normal,
    exponential: (mean) => -mean * Math.log(1 - uniform()),
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    int: (n) => Math.floor(uniform() * n),
  }
}
