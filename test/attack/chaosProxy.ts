import { createServer, type Server } from 'node:http'

/**
 * A JSON-RPC proxy in front of an anvil chain that misbehaves on command, as real providers do: it
 * can delay requests by method (a provider slow on `eth_getLogs` but quick on `eth_blockNumber`), hold
 * `eth_sendRawTransaction` until a moment (a transaction mined late in a slot), freeze (every request
 * waits until it thaws), flap (freeze `onMs`, thaw `offMs`, forever), or refuse sends.
 */
export type ChaosProxy = {
  url: string
  /** Delay (ms) before forwarding a request naming `method` ('*' for every request); 0 to clear. */
  delay(method: string, ms: number): void
  /** Hold `eth_sendRawTransaction` until wall-clock `atMs` (undefined: forward at once). */
  holdSendsUntil(atMs: number | undefined): void
  refuseSends(refuse: boolean): void
  freeze(frozen: boolean): void
  /** Freeze for `onMs`, thaw for `offMs`, repeatedly, until `stopFlapping()`. */
  flap(onMs: number, offMs: number): void
  stopFlapping(): void
  /** Requests seen, by method. */
  counts(): Record<string, number>
  /** Wall-clock moments at which `eth_sendRawTransaction` requests were forwarded upstream. */
  sendsForwardedAtMs(): number[]
  /** Every request: its methods, when it arrived and when it was answered. */
  journal(): { methods: string[]; body: string; arrivedAtMs: number; answeredAtMs: number }[]
  close(): Promise<void>
}

export async function startChaosProxy(target: string): Promise<ChaosProxy> {
  const delays = new Map<string, number>()
  let holdUntil: number | undefined
  let refusing = false
  let thawed: Promise<void> | undefined
  let thaw = () => {}
  let flapTimer: NodeJS.Timeout | undefined
  const seen: Record<string, number> = {}
  const forwarded: number[] = []
  const log: { methods: string[]; body: string; arrivedAtMs: number; answeredAtMs: number }[] = []

  const setFrozen = (frozen: boolean) => {
    if (frozen && thawed === undefined) {
      thawed = new Promise<void>((resolve) => {
        thaw = resolve
      })
    }
    if (!frozen && thawed !== undefined) {
      thawed = undefined
      thaw()
    }
  }

  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    let methods: string[] = []
    try {
      const parsed = JSON.parse(body) as { method?: string } | { method?: string }[]
      methods = (Array.isArray(parsed) ? parsed : [parsed]).map((m) => String(m.method))
    } catch {
      methods = ['?']
    }
    for (const method of methods) seen[method] = (seen[method] ?? 0) + 1
    const entry = { methods, body, arrivedAtMs: Date.now(), answeredAtMs: 0 }
    log.push(entry)
    if (log.length > 20_000) log.splice(0, 10_000)
    response.on('finish', () => {
      entry.answeredAtMs = Date.now()
    })
    const wait = Math.max(delays.get('*') ?? 0, ...methods.map((m) => delays.get(m) ?? 0))
    if (wait > 0) await new Promise((done) => setTimeout(done, wait))
    const sending = methods.includes('eth_sendRawTransaction')
    if (sending && holdUntil !== undefined && Date.now() < holdUntil) {
      await new Promise((done) => setTimeout(done, (holdUntil ?? 0) - Date.now()))
    }
    while (thawed !== undefined) await thawed
    if (refusing && sending) {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable')
      return
    }
    if (sending) forwarded.push(Date.now())
    try {
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text())
    } catch {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway')
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy did not bind')

  const stopFlapping = () => {
    if (flapTimer !== undefined) clearTimeout(flapTimer)
    flapTimer = undefined
    setFrozen(false)
  }

  return {
    url: `http://127.0.0.1:${address.port}`,
    delay: (method, ms) => {
      if (ms <= 0) delays.delete(method)
      else delays.set(method, ms)
    },
    holdSendsUntil: (atMs) => {
      holdUntil = atMs
    },
    refuseSends: (refuse) => {
      refusing = refuse
    },
    freeze: setFrozen,
    flap(onMs, offMs) {
      stopFlapping()
      const on = () => {
        setFrozen(true)
        flapTimer = setTimeout(off, onMs)
      }
      const off = () => {
        setFrozen(false)
        flapTimer = setTimeout(on, offMs)
      }
      on()
    },
    stopFlapping,
    counts: () => ({ ...seen }),
    sendsForwardedAtMs: () => [...forwarded],
    journal: () => [...log],
    close: () =>
      new Promise<void>((done) => {
        stopFlapping()
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
