import { portIsFree } from '../devnet/anvilProcess.ts'

/** The first of `count` consecutive free loopback ports from 18545 up: the demo's chains. */
export async function freeBasePort(count: number): Promise<number> {
  for (let base = 18_545; base < 19_545; base += count) {
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portIsFree(base + i)))
    if (free.every(Boolean)) return base
  }
  throw new Error('no free ports for the demo chains between 18545 and 19545')
}
