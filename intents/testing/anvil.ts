import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'

/** A throwaway anvil node on a free loopback port, for tests that need a real JSON-RPC wallet. */
export type Anvil = { url: string; stop(): void }

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' }

/** The native binary from `@foundry-rs/anvil-<os>-<arch>`: spawned directly so `kill` leaves no orphan. */
function anvilBinary(): string {
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${ARCH[process.arch] ?? process.arch}`
  return join(
    dirname(createRequire(import.meta.url).resolve(`${platformPackage}/package.json`)),
    'bin',
    'anvil',
  )
}

export async function startAnvil(args: string[] = []): Promise<Anvil> {
  const port = await freePort()
  const child: ChildProcess = spawn(anvilBinary(), ['--port', String(port), '--silent', ...args], {
    stdio: 'ignore',
  })
  const url = `http://127.0.0.1:${port}`
  await waitForRpc(url)
  return { url, stop: () => child.kill() }
}

export async function rpc(url: string, method: string, params: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(body.error.message)
  return body.result
}

async function waitForRpc(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      await rpc(url, 'eth_chainId', [])
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  throw new Error(`anvil did not answer at ${url}`)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}
