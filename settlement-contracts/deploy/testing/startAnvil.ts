import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { ANVIL_HISTORY_ARGS } from '../anvilHistory.ts'

/**
 * A throwaway automining anvil chain on a free loopback port, as the devnet runs them. Exported as
 * `@xmargin/settlement-contracts/testing` for other packages' tests. The native binary is spawned
 * directly, so `stop()` leaves no orphan.
 */
export type TestAnvil = { url: string; stop(): void }

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' }

export async function startAnvil(chainId: number): Promise<TestAnvil> {
  // Another process may take the free port before anvil binds it (tests run in parallel): try again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(await freePort(), chainId)
    } catch (error) {
      if (attempt >= 3) throw error
    }
  }
}

async function startOn(port: number, chainId: number): Promise<TestAnvil> {
  const pkg = `@foundry-rs/anvil-${process.platform}-${ARCH[process.arch] ?? process.arch}`
  const binary = join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), 'bin', 'anvil')
  const child = spawn(
    binary,
    ['--port', String(port), '--chain-id', String(chainId), '--silent', ...ANVIL_HISTORY_ARGS],
    {
      stdio: 'ignore',
    },
  )
  const url = `http://127.0.0.1:${port}`
  for (let attempt = 0; ; attempt++) {
    // Our anvil answers with our chain id; an exited child or another chain id means the port was taken.
    if (child.exitCode !== null) throw new Error(`anvil exited at ${url} (port taken?)`)
    const answered = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    }).then(
      async (response) => ((await response.json()) as { result?: string }).result,
      () => undefined,
    )
    if (answered !== undefined) {
      if (Number(answered) === chainId && child.exitCode === null) break
      child.kill()
      throw new Error(`another chain answers at ${url}`)
    }
    if (attempt > 400) {
      child.kill()
      throw new Error(`anvil did not answer at ${url}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return { url, stop: () => child.kill() }
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
