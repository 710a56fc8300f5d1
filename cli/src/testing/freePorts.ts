import { createServer } from 'node:net'

/** The first of `count` consecutive free loopback ports, for a devnet's chains in a test. */
export async function freePorts(count: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000)
    const free = await Promise.all(
      Array.from(
        { length: count },
        (_, i) =>
          new Promise<boolean>((resolve) => {
            const server = createServer()
            server.once('error', () => resolve(false))
            server.listen(base + i, '127.0.0.1', () => server.close(() => resolve(true)))
          }),
      ),
    )
    if (free.every(Boolean)) return base
  }
}
